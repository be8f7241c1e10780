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
 * Reads the counters ({@link RateCounters} writes them): plain JDBC, outside the caller's
 * transaction, each read one statement.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class RateCounterReader {

    private static final String SUM = "from ww_rate_counter where kind = ? and subject = ? and window_seconds = ?"
            + " and window_start > ?";

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /** A sliding sum to read: the hits of the windows of kind/subject that started after {@code since}. */
    public record Sum(String kind, String subject, long windowSeconds, Instant since) {
    }

    /** What {@link #read} found, in the order asked. */
    public record Reading(int[] hits, long[] sums, boolean[] blocked) {
    }

    /**
     * Everything a send is checked against, in one statement (a {@code UNION ALL} of primary-key
     * and index lookups): the hits of each counter (0 where there is none), each sliding sum, and
     * which of the SMS country codes are blocked at {@code now} ({@code ww_sms_block}).
     */
    public Reading read(List<RateCounter.Key> keys, List<Sum> sums, List<String> blockCodes, Instant now) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add("select " + i + " as n, cast(hits as bigint) as v from ww_rate_counter where " + CounterRows.KEY);
        }
        for (int i = 0; i < sums.size(); i++) {
            parts.add("select " + (keys.size() + i) + ", cast(coalesce(sum(hits), 0) as bigint) " + SUM);
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
                p = CounterRows.bind(s, p, k);
            }
            for (Sum sum : sums) {
                p = bind(s, p, sum);
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
             PreparedStatement s = c.prepareStatement("select coalesce(sum(hits), 0) " + SUM)) {
            bind(s, 1, new Sum(kind, subject, windowSeconds, since));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not sum the counters of " + kind, e);
        }
    }

    private static int bind(PreparedStatement s, int p, Sum sum) throws SQLException {
        s.setString(p, sum.kind());
        s.setString(p + 1, sum.subject());
        s.setLong(p + 2, sum.windowSeconds());
        s.setObject(p + 3, utc(sum.since()));
        return p + 4;
    }
}
