package io.watchword.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A schema of its own in the test PostgreSQL, emptied before each run, so that a suite
 * always migrates from nothing and never meets another run's rows. Run as a program by the
 * Maven profiles ({@code postgresql}, {@code cluster}) before the servers start:
 * {@code PostgresSchema <jdbc url> <user> <password> <schema>}.
 */
public final class PostgresSchema {

    private final String url;
    private final String user;
    private final String password;

    public PostgresSchema(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The server as the local test set-up has it, overridable by system properties. */
    public static PostgresSchema local() {
        return new PostgresSchema(System.getProperty("watchword.pg.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("watchword.pg.user", "postgres"),
                System.getProperty("watchword.pg.password", "postgres"));
    }

    public static void main(String[] args) throws SQLException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PostgresSchema <jdbc url> <user> <password> <schema>");
        }
        new PostgresSchema(args[0], args[1], args[2]).recreate(args[3]);
        System.out.println("PostgreSQL schema " + args[3] + " is empty at " + args[0]);
    }

    /** A connection whose default schema is {@code schema}; null for the server's default. */
    public Connection connect(String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        if (schema != null) {
            p.setProperty("currentSchema", schema);
        }
        // The driver itself rather than DriverManager: Maven's exec class loader hides it from the latter.
        Connection c = new org.postgresql.Driver().connect(url, p);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL URL: " + url);
        }
        return c;
    }

    /** The JDBC URL that makes {@code schema} the default one. */
    public String urlFor(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean reachable() {
        try (Connection c = connect(null)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops the schema with everything in it, and creates it empty. */
    public void recreate(String schema) throws SQLException {
        drop(schema);
        execute("create schema " + plain(schema));
    }

    /**
     * A new empty schema named {@code prefix} plus a random suffix: tests that several
     * checkouts may run at once on one server (MigrationTest in the default build) never
     * share one. The caller drops it.
     */
    public String createUnique(String prefix) throws SQLException {
        String schema = prefix + "_" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1, 36);
        execute("create schema " + plain(schema));
        return schema;
    }

    public void drop(String schema) throws SQLException {
        execute("drop schema if exists " + plain(schema) + " cascade");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String plain(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain schema name: " + schema);
        }
        return schema;
    }
}
