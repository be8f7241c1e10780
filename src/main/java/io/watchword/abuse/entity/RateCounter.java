package io.watchword.abuse.entity;

import java.time.Instant;

/**
 * How many times something happened to one subject in one window: the journey starts of an
 * IP address, the passcodes sent to a recipient or for a user, the SMS sent to and verified
 * in a country. One row of {@code ww_rate_counter} (see V2__abuse_protection.sql) per key; the
 * subject is a SHA-256 digest, never the address itself.
 * <p>Counting is a single conditional upsert ({@code io.watchword.abuse.control.RateCounters}):
 * the database serialises concurrent hits on the row, so nodes sharing it can never count past
 * a limit. The rows are read and written with plain SQL, so this is no JPA entity.
 */
public final class RateCounter {

    private RateCounter() {
    }

    /** Identifies one counter: what is counted, for whom, in which window. */
    public record Key(String kind, String subject, long windowSeconds, Instant windowStart) {
    }
}
