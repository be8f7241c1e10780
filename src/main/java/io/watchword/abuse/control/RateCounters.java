package io.watchword.abuse.control;

import static io.watchword.platform.Times.utc;

import io.watchword.abuse.entity.RateCounter;
import io.watchword.platform.SqlDialect;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The counters' storage: one SQL statement per change, each committed on its own
 * (auto-commit, outside the caller's transaction). A hit stays counted even when the request
 * that made it fails afterwards (the SMS went out anyway), and a counter row is locked only for
 * the instant of its statement, never for a whole journey step — which matters for the rows
 * every request touches, such as the start counter of a busy IP address.
 * <p>A hit is a single conditional upsert ({@link CounterUpsert}). Plain JDBC rather than JPA:
 * no persistence context or JTA transaction is needed for one statement, and a lost insert race
 * (a unique violation) is an answer here, not a failed transaction. Reads are
 * {@link RateCounterReader}'s.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class RateCounters {

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    SqlDialect dialect;

    private CounterUpsert upsert;

    @PostConstruct
    void init() {
        upsert = new CounterUpsert(dialect);
    }

    /**
     * Adds one hit to the counter if it holds fewer than {@code limit} (creating it with its
     * first hit, purgeable after {@code expiresAt}); true if it did, false at the limit.
     */
    public boolean hitBelow(RateCounter.Key key, int limit, Instant expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            return upsert.hitBelow(c, key, limit, expiresAt);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count a hit of " + key.kind(), e);
        }
    }

    /** Adds one hit to each counter whatever its count (events that happened), on one connection. */
    public void hitAll(List<RateCounter.Key> keys, List<Instant> expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < keys.size(); i++) {
                upsert.hitBelow(c, keys.get(i), Integer.MAX_VALUE, expiresAt.get(i));
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
                if (!upsert.hitBelow(c, keys.get(taken), limits[taken], expiresAt.get(taken))) {
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
            try (PreparedStatement s = c.prepareStatement("update ww_rate_counter set hits = hits - 1 where " + CounterRows.KEY
                    + " and hits > 0")) {
                CounterRows.bind(s, 1, key);
                s.executeUpdate();
            }
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
}
