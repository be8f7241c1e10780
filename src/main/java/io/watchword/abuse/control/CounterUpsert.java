package io.watchword.abuse.control;

import static io.watchword.platform.Times.utc;

import io.watchword.abuse.entity.RateCounter;
import io.watchword.platform.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A hit as a single upsert that adds one only below the limit: PostgreSQL's
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE}, the standard {@code MERGE} elsewhere (H2).
 * The database serialises concurrent hits on the row, so nodes sharing it never count past a
 * limit; a lost insert race (a unique violation) is an answer here, tried again, not a failure.
 */
final class CounterUpsert {

    private static final String MERGE = "merge into ww_rate_counter c using (values (cast(? as varchar(32)),"
            + " cast(? as varchar(64)), cast(? as bigint), cast(? as timestamp with time zone),"
            + " cast(? as timestamp with time zone))) v(kind, subject, window_seconds, window_start, expires_at)"
            + " on (c.kind = v.kind and c.subject = v.subject and c.window_seconds = v.window_seconds"
            + " and c.window_start = v.window_start)"
            + " when matched and c.hits < ? then update set hits = c.hits + 1"
            + " when not matched then insert (kind, subject, window_seconds, window_start, hits, expires_at)"
            + " values (v.kind, v.subject, v.window_seconds, v.window_start, 1, v.expires_at)";

    private static final String UPSERT = "insert into ww_rate_counter as c"
            + " (kind, subject, window_seconds, window_start, hits, expires_at) values (?, ?, ?, ?, 1, ?)"
            + " on conflict (kind, subject, window_seconds, window_start)"
            + " do update set hits = c.hits + 1 where c.hits < ?";

    /** Two nodes creating one counter at once: the loser of the insert retries once it is visible. */
    private static final int TRIES = 5;

    private final SqlDialect dialect;

    CounterUpsert(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Adds one hit to the counter if it holds fewer than {@code limit} (creating it with its
     * first hit, purgeable after {@code expiresAt}); true if it did, false at the limit.
     */
    boolean hitBelow(Connection c, RateCounter.Key key, int limit, Instant expiresAt) throws SQLException {
        SQLException last = null;
        for (int i = 0; i < TRIES; i++) {
            try (PreparedStatement s = c.prepareStatement(dialect.postgres() ? UPSERT : MERGE)) {
                CounterRows.bind(s, 1, key);
                s.setObject(5, utc(expiresAt));
                s.setInt(6, limit);
                return s.executeUpdate() == 1;
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                // MERGE: another node inserted the row between our look and our insert.
                last = e;
            }
        }
        throw last;
    }

    /** SQLSTATE 23505 (unique violation), possibly wrapped by the pool. */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && cause != e && isUniqueViolation(cause);
    }
}
