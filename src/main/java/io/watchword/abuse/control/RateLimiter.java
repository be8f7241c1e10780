package io.watchword.abuse.control;

import io.watchword.abuse.entity.RateCounter;
import io.watchword.platform.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Rate limits kept in the database, so they hold across every node on it.
 * <p><b>Fixed windows.</b> Time is cut into windows of the limit's length, aligned on the
 * epoch; each (kind, subject, window) has one counter row. A window allows {@code limit}
 * events; the refusal says when the window ends ({@code Retry-After}). A burst straddling two
 * windows can pass up to twice the limit within one window's length: the price of one row and
 * one conditional upsert per event, which is what makes the count exact under concurrency
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

    @Inject
    RateCounters counters;

    @Inject
    RateCounterReader reader;

    @Inject
    Clock clock;

    @Inject
    Event<RateLimitRefused> refusals;

    /** Counts one event if the limit allows it (atomic across nodes), or refuses it. */
    public Decision acquire(String kind, String subject, Rate rate) {
        Instant now = clock.instant();
        RateCounter.Key key = key(kind, subject, rate.windowSeconds(), now);
        if (counters.hitBelow(key, rate.limit(), expiry(key, rate.windowSeconds()))) {
            return Decision.ALLOWED;
        }
        refusals.fire(new RateLimitRefused(kind));
        return Decision.refused(secondsLeft(key, now));
    }

    /**
     * In one round trip to the database: whether one more event would stay within every limit
     * (when some are at their limit, the refusal waits for the last of them), the sliding sums
     * asked for, and which SMS country codes are blocked now. Counts nothing.
     */
    public Look look(List<Limit> limits, List<Slide> slides, List<String> blockCodes) {
        Instant now = clock.instant();
        List<RateCounter.Key> keys = limits.stream().map(l -> key(l.kind(), l.subject(), l.rate().windowSeconds(), now)).toList();
        List<RateCounterReader.Sum> sums = slides.stream().map(s -> new RateCounterReader.Sum(s.kind(), digest(s.subject()),
                s.bucketSeconds(), now.minusSeconds(s.windowSeconds()))).toList();
        RateCounterReader.Reading r = reader.read(keys, sums, blockCodes, now);
        long retryAfter = 0;
        String refusedBy = null;
        for (int i = 0; i < keys.size(); i++) {
            if (r.hits()[i] >= limits.get(i).rate().limit()) {
                long left = secondsLeft(keys.get(i), now);
                if (left > retryAfter) {
                    retryAfter = left;
                    refusedBy = limits.get(i).kind();
                }
            }
        }
        if (refusedBy != null) {
            refusals.fire(new RateLimitRefused(refusedBy));
        }
        return new Look(retryAfter == 0 ? Decision.ALLOWED : Decision.refused(retryAfter), r.sums(), r.blocked());
    }

    /**
     * Reserves one event under every limit, all or none (atomic per counter across nodes; see
     * {@link RateCounters#hitEachBelow}): the event is counted before it happens and must be
     * {@link #release released} if it does not. When a limit refuses, nothing stays counted and
     * the refusal says when that limit's window ends.
     */
    public Reservation reserve(List<Limit> limits) {
        Instant now = clock.instant();
        List<RateCounter.Key> keys = limits.stream().map(l -> key(l.kind(), l.subject(), l.rate().windowSeconds(), now)).toList();
        int[] max = limits.stream().mapToInt(l -> l.rate().limit()).toArray();
        List<Instant> expiries = keys.stream().map(k -> expiry(k, k.windowSeconds())).toList();
        int refusedBy = counters.hitEachBelow(keys, max, expiries);
        return refusedBy < 0 ? new Reservation(Decision.ALLOWED, keys)
                : new Reservation(Decision.refused(secondsLeft(keys.get(refusedBy), now)), List.of());
    }

    /** Gives back the events of a reservation that did not happen (never below zero). */
    public void release(Reservation reservation) {
        counters.release(reservation.keys());
    }

    /** What {@link #reserve} did: allowed with the counters it holds, or refused holding none. */
    public record Reservation(Decision decision, List<RateCounter.Key> keys) {
        public Reservation {
            keys = List.copyOf(keys);
        }
    }

    /** A sliding sum: events of {@code kind}/{@code subject} over the last window, in buckets. */
    public record Slide(String kind, String subject, long bucketSeconds, long windowSeconds) {
    }

    /** What {@link #look} found: the limits' decision, the sums and the blocks, in the order asked. */
    public record Look(Decision limits, long[] sums, boolean[] blocked) {
    }

    /**
     * Counts one event that has happened, whatever the limit, in the window (or bucket) of
     * {@code windowSeconds}; the count is kept at least {@code keepSeconds} after the window.
     */
    public void record(String kind, String subject, long windowSeconds, long keepSeconds) {
        record(List.of(new Count(kind, subject, windowSeconds, keepSeconds)));
    }

    /** Counts events that have happened, each as {@link #record(String, String, long, long)}. */
    public void record(List<Count> events) {
        Instant now = clock.instant();
        List<RateCounter.Key> keys = events.stream().map(e -> key(e.kind(), e.subject(), e.windowSeconds(), now)).toList();
        List<Instant> expiries = new java.util.ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            expiries.add(expiry(keys.get(i), events.get(i).keepSeconds()));
        }
        counters.hitAll(keys, expiries);
    }

    /** A limit to check: {@code rate} for {@code kind} of {@code subject}. */
    public record Limit(String kind, String subject, Rate rate) {
    }

    /** An event to count in windows of {@code windowSeconds}, kept {@code keepSeconds} after. */
    public record Count(String kind, String subject, long windowSeconds, long keepSeconds) {
    }

    /** The events of the last {@code windowSeconds}, counted in buckets of {@code bucketSeconds}. */
    public long sumSince(String kind, String subject, long bucketSeconds, long windowSeconds) {
        return reader.sumSince(kind, digest(subject), bucketSeconds, clock.instant().minusSeconds(windowSeconds));
    }

    /** Forgets every count of {@code kind} for {@code subject}. */
    public void reset(String kind, String subject) {
        counters.reset(kind, digest(subject));
    }

    /** A counter is purgeable once neither its window nor a sliding sum can need it any more. */
    private static Instant expiry(RateCounter.Key key, long keepSeconds) {
        return key.windowStart().plusSeconds(key.windowSeconds() + keepSeconds);
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
        return Digests.sha256Hex(subject);
    }
}
