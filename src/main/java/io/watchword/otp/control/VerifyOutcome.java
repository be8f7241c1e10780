package io.watchword.otp.control;

/** What checking a submitted passcode against the step's current attempt led to. */
public record VerifyOutcome(Kind kind, int attemptsLeft) {

    public enum Kind {
        /** The right code, consumed now: no other submission can succeed with it. */
        VERIFIED,
        /** A wrong code, counted; tries remain. */
        INVALID,
        /** A wrong code that used up the last try: the step fails. */
        EXHAUSTED,
        /** The passcode's time is over; no try was used. */
        EXPIRED,
        /** The attempt is no longer open (consumed or exhausted by a concurrent request). */
        CLOSED
    }

    /** The answer to a wrong code once the database has counted it: tries left, or none. */
    public static VerifyOutcome ofCountedFailure(int attemptsLeft) {
        return attemptsLeft > 0 ? new VerifyOutcome(Kind.INVALID, attemptsLeft) : of(Kind.EXHAUSTED);
    }

    public static VerifyOutcome of(Kind kind) {
        return new VerifyOutcome(kind, 0);
    }
}
