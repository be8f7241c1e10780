package io.watchword.platform;

/**
 * Development mode opens doors no production server may have (the unauthenticated outbox,
 * example journeys and demo connections, an issuer taken from the request): it is allowed only
 * on an embedded H2 database, such as the run command's, never on a database that several
 * servers or real users share (contract §11).
 */
public final class DevelopmentMode {

    private DevelopmentMode() {
    }

    /** Whether a JDBC URL names an embedded H2 database (in memory or a file of this server). */
    public static boolean isEmbeddedH2(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return false;
        }
        String rest = jdbcUrl.substring(8).toLowerCase(java.util.Locale.ROOT);
        return !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
    }

    /** Refuses development mode on any other database; the message names the key, never the URL. */
    public static void check(boolean devMode, String jdbcUrl) {
        if (devMode && !isEmbeddedH2(jdbcUrl)) {
            throw new IllegalStateException("Invalid configuration: " + ConfigKeys.DEV_MODE
                    + "=true is allowed only on the embedded H2 database of the run command, not on this database.");
        }
    }
}
