package io.watchword.abuse.control;

import io.watchword.abuse.entity.RateCounter;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Rate limits kept in the database, so they hold across every node on it.
 * <p><b>Fixed windows.</b> Time is cut into windows of the limit's length, aligned on the
 * epoch; each (kind, subject, window) has one counter row. A window allows {@code limit}
 * events; the refusal says when the window ends ({@code Retry-After}). A burst straddling two
 * windows can pass up to twice the limit within one window's length: the price of one row and
 * one conditional UPDATE per event, which is what makes the count exact under concurrency
 * (a sliding log would need a row per event and a lock per subject).
 * <p><b>Sliding sums</b> ({@link #sumSince}) count in buckets and add up the buckets of the
 * last window: used by the SMS conversion monitor, where only totals matter.
 */
@ApplicationScoped
public class RateLimiter {

    /** Starts per client IP address. */
    public static final String START_IP = "start-ip";
    /** Passcodes sent to one phone number, email address or device. */
    public static final String SEND_RECIPIENT = "send-recipient";
    /** Passcodes sent for one external user id. */
    public static final String SEND_USER = "send-user";

    /**
     * Tries at the first events of a window: the first one inserts the row, and its rivals
     * (on any node) retry the UPDATE once that insert has committed. Only a count at the limit
     * refuses: an UPDATE that missed a row not yet visible is retried (the benchmark saw false
     * 429s at window boundaries when that case refused), with a short pause after a lost insert.
     */
    private static final int ATTEMPTS = 12;

    @Inject
    RateCounters counters;

    @Inject
    Clock clock;

    /** Counts one event if the limit allows it (atomic across nodes), or refuses it. */
    public Decision acquire(String kind, String subject, Rate rate) {
        Instant now = clock.instant();
        RateCounter.Key key = key(kind, subject, rate.windowSeconds(), now);
        for (int i = 0; i < ATTEMPTS; i++) {
            if (counters.hitBelow(key, rate.limit())) {
                return Decision.ALLOWED;
            }
            int hits = counters.hits(key);
            if (hits >= rate.limit()) {
                break;
            }
            if (hits > 0) {
                // The row became visible after the UPDATE looked: count on it.
                continue;
            }
            if (insertFirst(key, rate.windowSeconds())) {
                return Decision.ALLOWED;
            }
            pause(i);
        }
        return Decision.refused(secondsLeft(key, now));
    }

    /** Whether one more event would stay within the limit; counts nothing. */
    public Decision peek(String kind, String subject, Rate rate) {
        Instant now = clock.instant();
        RateCounter.Key key = key(kind, subject, rate.windowSeconds(), now);
        return counters.hits(key) < rate.limit() ? Decision.ALLOWED : Decision.refused(secondsLeft(key, now));
    }

    /**
     * Counts one event that has happened, whatever the limit, in the window (or bucket) of
     * {@code windowSeconds}; the count is kept at least {@code keepSeconds} after the window.
     */
    public void record(String kind, String subject, long windowSeconds, long keepSeconds) {
        RateCounter.Key key = key(kind, subject, windowSeconds, clock.instant());
        for (int i = 0; i < ATTEMPTS; i++) {
            if (counters.hitBelow(key, Integer.MAX_VALUE) || insertFirst(key, keepSeconds)) {
                return;
            }
            pause(i);
        }
    }

    /** A lost insert race: the winner's row becomes visible when its transaction commits. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(2L * (attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The events of the last {@code windowSeconds}, counted in buckets of {@code bucketSeconds}. */
    public long sumSince(String kind, String subject, long bucketSeconds, long windowSeconds) {
        return counters.sumSince(kind, digest(subject), bucketSeconds, clock.instant().minusSeconds(windowSeconds));
    }

    /** Forgets every count of {@code kind} for {@code subject}. */
    public void reset(String kind, String subject) {
        counters.reset(kind, digest(subject));
    }

    private boolean insertFirst(RateCounter.Key key, long keepSeconds) {
        try {
            // purgeable once neither its window nor a sliding sum can need it any more
            return counters.insertFirst(key, key.windowStart().plusSeconds(key.windowSeconds() + keepSeconds));
        } catch (EJBException raced) {
            return false;
        }
    }

    static RateCounter.Key key(String kind, String subject, long windowSeconds, Instant now) {
        return new RateCounter.Key(kind, digest(subject), windowSeconds, windowStart(now, windowSeconds));
    }

    /** The start of the fixed window of {@code seconds} that holds {@code now}. */
    static Instant windowStart(Instant now, long seconds) {
        long t = now.getEpochSecond();
        return Instant.ofEpochSecond(t - Math.floorMod(t, seconds));
    }

    /** Whole seconds from {@code now} to the end of the key's window, rounded up. */
    static long secondsLeft(RateCounter.Key key, Instant now) {
        Instant end = key.windowStart().plusSeconds(key.windowSeconds());
        long millis = end.toEpochMilli() - now.toEpochMilli();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Subjects are stored as digests: the counters hold no address or user id in clear. */
    static String digest(String subject) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
