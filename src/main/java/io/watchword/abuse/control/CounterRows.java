package io.watchword.abuse.control;

import static io.watchword.platform.Times.utc;

import io.watchword.abuse.entity.RateCounter;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** How a counter row of {@code ww_rate_counter} is named in SQL: its key's columns, bound in one order. */
final class CounterRows {

    /** The condition that picks one counter row; bound by {@link #bind}. */
    static final String KEY = "kind = ? and subject = ? and window_seconds = ? and window_start = ?";

    private CounterRows() {
    }

    /** Binds the key's four columns from parameter {@code p} on; returns the next parameter's index. */
    static int bind(PreparedStatement s, int p, RateCounter.Key key) throws SQLException {
        s.setString(p, key.kind());
        s.setString(p + 1, key.subject());
        s.setLong(p + 2, key.windowSeconds());
        s.setObject(p + 3, utc(key.windowStart()));
        return p + 4;
    }
}
