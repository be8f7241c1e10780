package io.watchword.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.watchword.it.PostgresSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An upgrade keeps what the previous version stored: a database at V1 holding one row of
 * every kind is migrated to the latest version (whatever db/migration holds today), and every
 * V1 column still holds its value. Runs on H2 (the default database) and on PostgreSQL when one
 * is reachable ({@code -Dwatchword.pg.url}, default the local test server); with
 * {@code -Dwatchword.require-postgres=true} an unreachable PostgreSQL fails instead of skipping.
 */
class MigrationTest {

    // Recent, whole-second instants in the future where a row expires, so that no retention
    // rule may rightly delete them during the upgrade.
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    static final OffsetDateTime LATER = NOW.plusMinutes(10);

    /** One representative row per V1 table, by column. */
    static final Map<String, Map<String, Object>> V1_ROWS = new LinkedHashMap<>();

    static {
        row("ww_server_secret", "name", "otp-hmac-key", "secret_value", "c2VjcmV0LWtleS1ieXRlcw==", "created_at", NOW);
        row("ww_journey", "id", "otp_login_email", "definition",
                "{\"id\":\"otp_login_email\",\"start\":\"done\",\"steps\":{\"done\":{\"type\":\"complete\"}}}",
                "updated_at", NOW, "version", 3L);
        row("ww_flow", "id", "flow-0001-abcdefgh", "journey_id", "otp_login_email", "token_hash",
                "a".repeat(64), "status", "ACTIVE", "current_step", "otp", "variables",
                "{\"identify\":{\"email\":\"jane@example.com\"}}", "step_state", "{\"attemptId\":\"att-1\"}",
                "user_context", null, "request_params", "{}", "created_at", NOW, "expires_at", LATER,
                "ended_at", null, "version", 2L);
        row("ww_otp_attempt", "id", "3f0c6a9e-8d1b-4f55-9a53-1f2e3d4c5b6a", "flow_id", "flow-0001-abcdefgh",
                "step_id", "otp", "user_id", "jane@example.com", "channel", "email", "code_hash", "b".repeat(64),
                "failures", 1, "max_failures", 3, "status", "PENDING", "created_at", NOW, "expires_at", LATER,
                "ended_at", null);
        row("ww_user_lockout", "user_id", "jane@example.com", "consecutive_failures", 2, "locked_until", null,
                "updated_at", NOW);
        row("ww_audit_event", "id", 1L, "type", "otp.sent", "user_id", "jane@example.com", "flow_id",
                "flow-0001-abcdefgh", "channel", "email", "outcome", "sent", "details", "{\"connection\":\"demo-email\"}",
                "at", NOW);
        row("ww_connection", "name", "demo-email", "channel", "email", "provider", "smtp", "settings",
                "{\"host\":\"mail.example.com\",\"port\":587}", "secrets", "v1:encrypted-bytes", "created_at", NOW,
                "updated_at", NOW, "version", 1L);
        row("ww_outbox_message", "id", 1L, "recipient", "jane@example.com", "channel", "email", "subject",
                "Your Acme code", "text", "Your code is 123456.", "sent_at", NOW);
        row("ww_push_token", "id", "9b2d1c7e-0000-4000-8000-000000000001", "user_id", "jane@example.com",
                "provider", "fcm", "token", "device-token-1", "token_hash", "c".repeat(64), "device_name", "Pixel",
                "active", true, "created_at", NOW, "updated_at", NOW);
    }

    @Test
    void h2KeepsVersionOneDataThroughEveryLaterMigration() throws SQLException {
        String url = "jdbc:h2:mem:migration-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        upgradeKeepsData(url, "sa", "sa");
    }

    @Test
    void postgresqlKeepsVersionOneDataThroughEveryLaterMigration() throws SQLException {
        PostgresSchema pg = requirePostgres();
        String schema = pg.createUnique("ww_migration");
        try {
            upgradeKeepsData(pg.urlFor(schema), pg.user(), pg.password());
        } finally {
            pg.drop(schema);
        }
    }

    @Test
    void twoNodesMigratingAnEmptyPostgresqlTogetherApplyEachVersionOnce() throws Exception {
        PostgresSchema pg = requirePostgres();
        String schema = pg.createUnique("ww_migration_race");
        String url = pg.urlFor(schema);
        // The extra location ends with a migration that sleeps three seconds inside the lock, so the
        // second run, started at the same moment, meets the first one's lock.
        Callable<Integer> node = () -> flyway(url, pg.user(), pg.password())
                .locations("classpath:db/migration", "classpath:db/slow-migration").load().migrate().migrationsExecuted;
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = two.submit(node);
            Future<Integer> second = two.submit(node);
            int executed = first.get(2, TimeUnit.MINUTES) + second.get(2, TimeUnit.MINUTES);

            Flyway after = flyway(url, pg.user(), pg.password())
                    .locations("classpath:db/migration", "classpath:db/slow-migration").load();
            assertThat(executed).as("migrations executed by both runs together").isEqualTo(after.info().applied().length);
            try (Connection c = pg.connect(schema); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select version, count(*) from ww_schema_history group by version"
                         + " having count(*) > 1")) {
                assertThat(rs.next()).as("a version recorded twice").isFalse();
            }
        } finally {
            two.shutdownNow();
            pg.drop(schema);
        }
    }

    private static PostgresSchema requirePostgres() {
        PostgresSchema pg = PostgresSchema.local();
        if (!pg.reachable()) {
            String why = "PostgreSQL not reachable at " + System.getProperty("watchword.pg.url", "the local default");
            if (Boolean.getBoolean("watchword.require-postgres")) {
                fail(why + " (watchword.require-postgres=true)");
            }
            Assumptions.abort(why + ": skipped (-Dwatchword.require-postgres=true makes this a failure)");
        }
        return pg;
    }

    private static void upgradeKeepsData(String url, String user, String password) throws SQLException {
        Flyway atV1 = flyway(url, user, password).target("1").load();
        atV1.migrate();
        assertThat(atV1.info().current().getVersion().getVersion()).isEqualTo("1");

        try (Connection c = DriverManager.getConnection(url, user, password)) {
            for (var table : V1_ROWS.entrySet()) {
                insert(c, table.getKey(), table.getValue());
            }
        }

        Flyway latest = flyway(url, user, password).load();
        latest.migrate();
        MigrationInfo[] all = latest.info().all();
        assertThat(latest.info().pending()).as("pending migrations after migrate").isEmpty();
        assertThat(latest.info().current().getVersion()).isEqualTo(all[all.length - 1].getVersion());

        try (Connection c = DriverManager.getConnection(url, user, password)) {
            for (var table : V1_ROWS.entrySet()) {
                assertThat(read(c, table.getKey(), table.getValue()))
                        .as("the V1 row of %s after migrating to %s", table.getKey(), latest.info().current().getVersion())
                        .containsExactlyEntriesOf(table.getValue());
            }
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url, String user, String pw) {
        // As Bootstrap configures it.
        return Flyway.configure().dataSource(url, user, pw).locations("classpath:db/migration").table("ww_schema_history");
    }

    private static void insert(Connection c, String table, Map<String, Object> row) throws SQLException {
        String sql = "insert into " + table + " (" + String.join(", ", row.keySet()) + ") values ("
                + String.join(", ", row.keySet().stream().map(k -> "?").toList()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object v : row.values()) {
                ps.setObject(i++, v);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The row whose first column has the inserted key, as the same Java types. */
    private static Map<String, Object> read(Connection c, String table, Map<String, Object> expected) throws SQLException {
        List<String> columns = List.copyOf(expected.keySet());
        String key = columns.get(0);
        try (PreparedStatement ps = c.prepareStatement(
                "select " + String.join(", ", columns) + " from " + table + " where " + key + " = ?")) {
            ps.setObject(1, expected.get(key));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the V1 row of %s still exists", table).isTrue();
                Map<String, Object> actual = new LinkedHashMap<>();
                for (String col : columns) {
                    Object want = expected.get(col);
                    Object got = want == null ? rs.getObject(col) : rs.getObject(col, want.getClass());
                    if (got instanceof OffsetDateTime t) {
                        got = t.withOffsetSameInstant(ZoneOffset.UTC);
                    }
                    actual.put(col, got);
                }
                return actual;
            }
        }
    }

    private static void row(String table, Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        V1_ROWS.put(table, row);
    }
}
