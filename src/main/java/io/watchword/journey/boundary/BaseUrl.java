package io.watchword.journey.boundary;

import io.watchword.platform.Urls;
import jakarta.ws.rs.core.UriInfo;

/** The deployment's base URL ({@code http://host:8080/watchword}), the tokens' default issuer. */
final class BaseUrl {

    private BaseUrl() {
    }

    static String of(UriInfo uri) {
        String base = Urls.withoutTrailingSlash(uri.getBaseUri().toString());
        return base.endsWith("/api") ? base.substring(0, base.length() - 4) : base;
    }
}
