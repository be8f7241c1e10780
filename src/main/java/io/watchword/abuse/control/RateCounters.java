package io.watchword.abuse.control;

import static io.watchword.platform.Times.utc;

import io.watchword.abuse.entity.RateCounter;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The counters' storage: one SQL statement per change, each committed on its own
 * (auto-commit, outside the caller's transaction). A hit stays counted even when the request
 * that made it fails afterwards (the SMS went out anyway), and a counter row is locked only for
 * the instant of its statement, never for a whole journey step — which matters for the rows
 * every request touches, such as the start counter of a busy IP address.
 * <p>A hit is a single upsert that adds one only below the limit: PostgreSQL's
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE}, the standard {@code MERGE} elsewhere (H2).
 * The database serialises concurrent hits on the row, so nodes sharing it never count past a
 * limit. Plain JDBC rather than JPA: no persistence context or JTA transaction is needed for one
 * statement, and a lost insert race (a unique violation) is an answer here, not a failed
 * transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class RateCounters {

    private static final String KEY = "kind = ? and subject = ? and window_seconds = ? and window_start = ?";

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

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /** Whether the database speaks PostgreSQL's upsert; found on first use (a fact of the deployment). */
    private volatile Boolean postgres;

    /**
     * Adds one hit to the counter if it holds fewer than {@code limit} (creating it with its
     * first hit, purgeable after {@code expiresAt}); true if it did, false at the limit.
     */
    public boolean hitBelow(RateCounter.Key key, int limit, Instant expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            return hitBelow(c, key, limit, expiresAt);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count a hit of " + key.kind(), e);
        }
    }

    /** Adds one hit to each counter whatever its count (events that happened), on one connection. */
    public void hitAll(List<RateCounter.Key> keys, List<Instant> expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < keys.size(); i++) {
                hitBelow(c, keys.get(i), Integer.MAX_VALUE, expiresAt.get(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count hits", e);
        }
    }

    /**
     * Reserves one hit on each counter, all or none, on one connection: each is its own
     * conditional upsert (as {@link #hitBelow(RateCounter.Key, int, Instant)}), in order; when one
     * is at its limit, the hits already taken are given back ({@link #release}) and its index is
     * returned. -1 when every counter took its hit.
     * <p>Each statement commits at once rather than all in one transaction: two sends that share
     * counters would otherwise hold row locks against each other (and could deadlock taking them
     * in different orders). The price is a moment in which a hit taken and then given back is
     * visible: a send racing with it may be refused at a count it would fit in — never the other
     * way round, so no limit is ever passed.
     */
    public int hitEachBelow(List<RateCounter.Key> keys, int[] limits, List<Instant> expiresAt) {
        int taken = 0;
        try (Connection c = dataSource.getConnection()) {
            for (; taken < keys.size(); taken++) {
                if (!hitBelow(c, keys.get(taken), limits[taken], expiresAt.get(taken))) {
                    release(c, keys.subList(0, taken));
                    return taken;
                }
            }
            return -1;
        } catch (SQLException e) {
            if (taken > 0) {
                release(keys.subList(0, taken)); // best effort, on a fresh connection
            }
            throw new IllegalStateException("Could not reserve hits", e);
        }
    }

    /**
     * Takes back one hit from each counter (an event reserved that did not happen); a counter is
     * never taken below zero, and one already purged stays gone.
     */
    public void release(List<RateCounter.Key> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            release(c, keys);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not release hits", e);
        }
    }

    private static void release(Connection c, List<RateCounter.Key> keys) throws SQLException {
        for (RateCounter.Key key : keys) {
            try (PreparedStatement s = c.prepareStatement("update ww_rate_counter set hits = hits - 1 where " + KEY
                    + " and hits > 0")) {
                bindKey(s, key);
                s.executeUpdate();
            }
        }
    }

    private boolean hitBelow(Connection c, RateCounter.Key key, int limit, Instant expiresAt) throws SQLException {
        SQLException last = null;
        for (int i = 0; i < TRIES; i++) {
            try (PreparedStatement s = c.prepareStatement(isPostgres(c) ? UPSERT : MERGE)) {
                bindKey(s, key);
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

    /** The hits of one window, or 0 when there are none. */
    public int hits(RateCounter.Key key) {
        return hits(List.of(key))[0];
    }

    /** The hits of each window (0 where there are none), read in one statement. */
    public int[] hits(List<RateCounter.Key> keys) {
        return read(keys, List.of(), List.of(), Instant.EPOCH).hits();
    }

    /** A sliding sum to read: the hits of the windows of kind/subject that started after {@code since}. */
    public record Sum(String kind, String subject, long windowSeconds, Instant since) {
    }

    /** What {@link #read} found, in the order asked. */
    public record Reading(int[] hits, long[] sums, boolean[] blocked) {
    }

    /**
     * Everything a send is checked against, in one statement (a {@code UNION ALL} of primary-key
     * and index lookups): the hits of each counter, each sliding sum, and which of the SMS country
     * codes are blocked at {@code now} ({@code ww_sms_block}).
     */
    public Reading read(List<RateCounter.Key> keys, List<Sum> sums, List<String> blockCodes, Instant now) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add("select " + i + " as n, cast(hits as bigint) as v from ww_rate_counter where " + KEY);
        }
        for (int i = 0; i < sums.size(); i++) {
            parts.add("select " + (keys.size() + i) + ", cast(coalesce(sum(hits), 0) as bigint) from ww_rate_counter"
                    + " where kind = ? and subject = ? and window_seconds = ? and window_start > ?");
        }
        for (int i = 0; i < blockCodes.size(); i++) {
            parts.add("select " + (keys.size() + sums.size() + i) + ", cast(1 as bigint) from ww_sms_block"
                    + " where country_code = ? and blocked_until > ?");
        }
        Reading reading = new Reading(new int[keys.size()], new long[sums.size()], new boolean[blockCodes.size()]);
        if (parts.isEmpty()) {
            return reading;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(String.join(" union all ", parts))) {
            int p = 1;
            for (RateCounter.Key k : keys) {
                s.setString(p++, k.kind());
                s.setString(p++, k.subject());
                s.setLong(p++, k.windowSeconds());
                s.setObject(p++, utc(k.windowStart()));
            }
            for (Sum sum : sums) {
                s.setString(p++, sum.kind());
                s.setString(p++, sum.subject());
                s.setLong(p++, sum.windowSeconds());
                s.setObject(p++, utc(sum.since()));
            }
            for (String code : blockCodes) {
                s.setString(p++, code);
                s.setObject(p++, utc(now));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    int n = r.getInt(1);
                    long v = r.getLong(2);
                    if (n < keys.size()) {
                        reading.hits()[n] = (int) v;
                    } else if (n < keys.size() + sums.size()) {
                        reading.sums()[n - keys.size()] = v;
                    } else {
                        reading.blocked()[n - keys.size() - sums.size()] = true;
                    }
                }
            }
            return reading;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the rate counters", e);
        }
    }

    /** The hits of the windows of {@code kind}/{@code subject} that started after {@code since}. */
    public long sumSince(String kind, String subject, long windowSeconds, Instant since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select coalesce(sum(hits), 0) from ww_rate_counter"
                     + " where kind = ? and subject = ? and window_seconds = ? and window_start > ?")) {
            s.setString(1, kind);
            s.setString(2, subject);
            s.setLong(3, windowSeconds);
            s.setObject(4, utc(since));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not sum the counters of " + kind, e);
        }
    }

    /** Forgets every window of {@code kind}/{@code subject}. */
    public void reset(String kind, String subject) {
        update("delete from ww_rate_counter where kind = ? and subject = ?", kind, subject);
    }

    /** Deletes counters whose windows are over; returns how many. */
    public int purge(Instant now) {
        return update("delete from ww_rate_counter where expires_at < ?", utc(now));
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not change the rate counters", e);
        }
    }

    private static void bindKey(PreparedStatement s, RateCounter.Key key) throws SQLException {
        s.setString(1, key.kind());
        s.setString(2, key.subject());
        s.setLong(3, key.windowSeconds());
        s.setObject(4, utc(key.windowStart()));
    }

    private boolean isPostgres(Connection c) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = pg;
        }
        return pg;
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
