package io.watchword.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Fills the bench server's H2 file, before the server starts, with finished journeys as the
 * benchmark itself leaves them: per flow one ended flow row, its verified OTP attempt and two
 * audit events (sent, verified), all within the retention period so they stay. The schema is
 * made by the same Flyway migrations the server runs, so the server finds it up to date.
 * Test harness only: production has no way to do this.
 */
final class Prefill {

    private static final int CHUNK = 50_000;

    private Prefill() {
    }

    static void run(String jdbcUrl, long flows) throws Exception {
        Flyway.configure(Prefill.class.getClassLoader())
                .dataSource(jdbcUrl, "sa", "sa")
                .locations("classpath:db/migration")
                .table("ww_schema_history")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "sa")) {
            c.setAutoCommit(true);
            // Spread over the last ~3 hours: recent enough that retention keeps them.
            String at = "DATEADD(MILLISECOND, -X * 10, CURRENT_TIMESTAMP)";
            String phone = "'+4470' || LPAD(CAST(X AS VARCHAR), 9, '0')";
            try (PreparedStatement flow = c.prepareStatement(
                    "insert into ww_flow (id, journey_id, status, variables, user_context, created_at, expires_at, ended_at, version)"
                    + " select 'prefill-' || X, 'bench_sms', 'SUCCESS',"
                    + " '{\"identify\":{\"phone\":\"' || " + phone + " || '\"}}',"
                    + " '{\"user_id\":\"' || " + phone + " || '\",\"channel\":\"sms\"}',"
                    + " DATEADD(SECOND, -1, " + at + "), DATEADD(MINUTE, 15, " + at + "), " + at + ", 3"
                    + " from system_range(?, ?)");
                 PreparedStatement attempt = c.prepareStatement(
                    "insert into ww_otp_attempt (id, flow_id, step_id, user_id, channel, code_hash, failures, max_failures,"
                    + " status, created_at, expires_at, ended_at)"
                    + " select 'prefill-' || X, 'prefill-' || X, 'otp', " + phone + ", 'sms',"
                    + " '0000000000000000000000000000000000000000000000000000000000000000', 0, 3, 'VERIFIED',"
                    + " DATEADD(SECOND, -1, " + at + "), DATEADD(MINUTE, 5, " + at + "), " + at
                    + " from system_range(?, ?)");
                 PreparedStatement events = c.prepareStatement(
                    "insert into ww_audit_event (type, user_id, flow_id, channel, outcome, details, at)"
                    + " select CASEWHEN(MOD(X, 2) = 0, 'otp.sent', 'otp.verified'), " + phone.replace("X", "(X / 2)")
                    + ", 'prefill-' || (X / 2), 'sms', CASEWHEN(MOD(X, 2) = 0, 'sent', 'success'), NULL,"
                    + " " + at.replace("X", "(X / 2)")
                    + " from system_range(?, ?)")) {
                for (long from = 1; from <= flows; from += CHUNK) {
                    long to = Math.min(flows, from + CHUNK - 1);
                    exec(flow, from, to);
                    exec(attempt, from, to);
                    exec(events, from * 2, to * 2 + 1);
                }
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from ww_flow")) {
                r.next();
                System.out.printf("Prefilled %,d finished flows (with their attempts and audit events)%n", r.getLong(1));
            }
        }
    }

    private static void exec(PreparedStatement s, long from, long to) throws Exception {
        s.setLong(1, from);
        s.setLong(2, to);
        s.executeUpdate();
    }
}
