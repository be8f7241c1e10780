package io.watchword.abuse.control;

/** Whether a rate limit lets an event through, and if not, in how many seconds it may. */
public record Decision(boolean allowed, long retryAfterSeconds) {

    static final Decision ALLOWED = new Decision(true, 0);

    static Decision refused(long retryAfterSeconds) {
        return new Decision(false, Math.max(1, retryAfterSeconds));
    }
}
