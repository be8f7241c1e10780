package io.watchword.abuse.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * How many times something happened to one subject in one window: the journey starts of an
 * IP address, the passcodes sent to a recipient or for a user, the SMS sent to and verified
 * in a country. The subject is a SHA-256 digest, never the address itself.
 * <p>Counting is a single conditional UPDATE ({@code RateCounter.hitBelow}): the database
 * serialises concurrent hits on the row, so nodes sharing it can never count past a limit.
 */
@Entity
@Table(name = "ww_rate_counter")
@IdClass(RateCounter.Key.class)
@NamedQuery(name = RateCounter.HIT_BELOW, query = "update RateCounter c set c.hits = c.hits + 1"
        + " where c.kind = :kind and c.subject = :subject and c.windowSeconds = :windowSeconds"
        + " and c.windowStart = :windowStart and c.hits < :limit")
@NamedQuery(name = RateCounter.SUM_SINCE, query = "select coalesce(sum(c.hits), 0) from RateCounter c"
        + " where c.kind = :kind and c.subject = :subject and c.windowSeconds = :windowSeconds"
        + " and c.windowStart > :since")
@NamedQuery(name = RateCounter.DELETE_SUBJECT, query = "delete from RateCounter c"
        + " where c.kind = :kind and c.subject = :subject")
@NamedQuery(name = RateCounter.PURGE, query = "delete from RateCounter c where c.expiresAt < :now")
public class RateCounter {

    public static final String HIT_BELOW = "RateCounter.hitBelow";
    public static final String SUM_SINCE = "RateCounter.sumSince";
    public static final String DELETE_SUBJECT = "RateCounter.deleteSubject";
    public static final String PURGE = "RateCounter.purge";

    @Id
    private String kind;

    @Id
    private String subject;

    @Id
    @Column(name = "window_seconds")
    private long windowSeconds;

    @Id
    @Column(name = "window_start")
    private Instant windowStart;

    @Column(nullable = false)
    private int hits;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected RateCounter() {
    }

    /** The first hit of a window. */
    public RateCounter(Key key, Instant expiresAt) {
        this.kind = key.kind;
        this.subject = key.subject;
        this.windowSeconds = key.windowSeconds;
        this.windowStart = key.windowStart;
        this.hits = 1;
        this.expiresAt = expiresAt;
    }

    public int hits() {
        return hits;
    }

    /** Identifies one counter: what is counted, for whom, in which window. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String kind;
        private String subject;
        private long windowSeconds;
        private Instant windowStart;

        protected Key() {
        }

        public Key(String kind, String subject, long windowSeconds, Instant windowStart) {
            this.kind = kind;
            this.subject = subject;
            this.windowSeconds = windowSeconds;
            this.windowStart = windowStart;
        }

        public String kind() { return kind; }
        public String subject() { return subject; }
        public long windowSeconds() { return windowSeconds; }
        public Instant windowStart() { return windowStart; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && kind.equals(k.kind) && subject.equals(k.subject)
                    && windowSeconds == k.windowSeconds && windowStart.equals(k.windowStart);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, subject, windowSeconds, windowStart);
        }
    }
}
