package io.watchword.platform;

/** URLs as settings give them. */
public final class Urls {

    private Urls() {
    }

    /** The URL without its one trailing {@code /}, so that a path can be appended to it. */
    public static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
