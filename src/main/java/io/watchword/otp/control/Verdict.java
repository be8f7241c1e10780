package io.watchword.otp.control;

import java.time.Instant;

/**
 * What a submitted passcode led to, all rules applied ({@link OtpService#check}): the user's
 * lock, the passcode's shape, its tries and expiry, and the lock a wrong try may have caused.
 *
 * @param attemptsLeft tries the passcode has left after this one
 * @param lockedNow    whether this wrong try locked the user (its lock ends at {@code lockedUntil})
 * @param lockedUntil  the end of the user's lock, when {@code kind} is LOCKED_OUT or {@code lockedNow}
 */
public record Verdict(Kind kind, int attemptsLeft, boolean lockedNow, Instant lockedUntil) {

    public enum Kind {
        /** The right code, consumed now: no other submission can succeed with it. */
        VERIFIED,
        /** Not a passcode of the configured length and digits: no try used. */
        MALFORMED,
        /** A wrong code, counted; tries remain. */
        INVALID,
        /** A wrong code that used up the last try. */
        EXHAUSTED,
        /** The passcode's time is over (it is closed now); no try used. */
        EXPIRED,
        /** The passcode is no longer open (consumed or exhausted by a concurrent request). */
        CLOSED,
        /** The user is locked: nothing was checked. */
        LOCKED_OUT
    }

    static Verdict of(Kind kind, int attemptsLeft) {
        return new Verdict(kind, attemptsLeft, false, null);
    }
}
