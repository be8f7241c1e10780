package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.watchword.cluster.WildFlyNode;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/health} turns DOWN (503) when PostgreSQL stops answering, and UP again when
 * it comes back — run by the postgresql profile (it needs {@code watchword.pg.url}).
 * <p>The shared PostgreSQL server cannot be stopped (other suites use it), so the test does
 * what is the same for the check: it gives a WildFly of its own (prepared like the profile's
 * test server, {@code watchword.cli} + {@code postgresql.cli}) a database of its own,
 * {@code watchword_health_<port offset>}, created here; to "stop" it, it forbids new
 * connections ({@code ALTER DATABASE … ALLOW_CONNECTIONS false}) and ends every session on it
 * ({@code pg_terminate_backend}) — from the server's side exactly what a stopped database
 * looks like: the pooled connections break and new ones are refused. Then it allows
 * connections again, and drops the database at the end.
 */
class PostgresHealthIT {

    static final int OFFSET = Integer.getInteger("watchword.test.port-offset", 0) + 10;
    static final String DATABASE = "watchword_health_" + OFFSET;
    static WildFlyNode node;
    static Api api;

    @BeforeAll
    static void serverOnItsOwnDatabase() throws Exception {
        assumeTrue(System.getProperty("watchword.pg.url") != null, "PostgreSQL profile only");
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
            s.execute("create database " + DATABASE);
        }
        node = new WildFlyNode("health-pg", Path.of(System.getProperty("jboss.home")),
                Path.of("target/health-pg-node"), OFFSET);
        node.prepare(Path.of(System.getProperty("watchword.war", "target/watchword.war")));
        String url = System.getProperty("watchword.pg.url");
        node.start(Map.of("WATCHWORD_DB_URL", url.substring(0, url.lastIndexOf('/') + 1) + DATABASE,
                        "WATCHWORD_DB_USER", System.getProperty("watchword.pg.user"),
                        "WATCHWORD_DB_PASSWORD", System.getProperty("watchword.pg.password")),
                List.of("-Dwatchword.token.issuer=https://login.example.test/watchword"));
        node.awaitDeployed(Duration.ofMinutes(4));
        api = new Api(node.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.killHard();
        }
        if (System.getProperty("watchword.pg.url") != null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + DATABASE + " with (force)");
            }
        }
    }

    static Connection admin() throws SQLException {
        return DriverManager.getConnection(System.getProperty("watchword.pg.url"),
                System.getProperty("watchword.pg.user"), System.getProperty("watchword.pg.password"));
    }

    static void database(boolean answering) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("alter database " + DATABASE + " allow_connections " + answering);
            if (!answering) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + DATABASE + "'");
            }
        }
    }

    static Map<String, String> checks(JsonObject health) {
        Map<String, String> m = new TreeMap<>();
        health.getJsonArray("checks").forEach(c -> m.put(c.asJsonObject().getString("name"), c.asJsonObject().getString("status")));
        return m;
    }

    /** Polls health until it answers {@code status}, for at most {@code seconds}. */
    static Api.Answer awaitHealth(int status, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Api.Answer a;
        do {
            a = api.send("GET", "/api/health", null, null, null);
            if (a.status() == status) {
                return a;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return a;
    }

    @Test
    void healthIsDownWhileTheDatabaseIsGoneAndUpWhenItIsBack() throws Exception {
        Api.Answer up = api.send("GET", "/api/health", null, null, null);
        assertThat(up.status()).isEqualTo(200);
        assertThat(checks(up.json())).containsEntry("database", "UP").containsEntry("migrations", "UP");

        database(false);
        try {
            Api.Answer down = awaitHealth(503, 20);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().getString("status")).isEqualTo("DOWN");
            assertThat(checks(down.json())).containsEntry("database", "DOWN").containsEntry("migrations", "DOWN");
            assertThat(down.body()).doesNotContain(DATABASE, "jdbc", "127.0.0.1", "FATAL");
            // every answer while the database is gone is DOWN, not a lucky 200 from a pooled connection
            for (int i = 0; i < 5; i++) {
                assertThat(api.send("GET", "/api/health", null, null, null).status()).isEqualTo(503);
            }
        } finally {
            database(true);
        }
        Api.Answer back = awaitHealth(200, 90);
        assertThat(back.status()).as("health after the database came back: %s", back.body()).isEqualTo(200);
        assertThat(checks(back.json())).containsEntry("database", "UP");
    }
}
