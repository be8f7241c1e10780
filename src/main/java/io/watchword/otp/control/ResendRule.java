package io.watchword.otp.control;

import io.watchword.platform.Times;
import java.time.Instant;

/**
 * Whether a step may send another passcode. The limit wins over the cooldown, and a refused
 * resend uses nothing up (contract §1).
 *
 * @param sends      passcodes sent in this step so far (the first send counts)
 * @param lastSentAt when the last one was sent
 */
public record ResendRule(OtpPolicy policy, int sends, Instant lastSentAt) {

    public enum Verdict { ALLOWED, TOO_SOON, MAX_REACHED }

    public Verdict verdict(Instant now) {
        if (resendsLeft() <= 0) {
            return Verdict.MAX_REACHED;
        }
        return resendIn(now) > 0 ? Verdict.TOO_SOON : Verdict.ALLOWED;
    }

    public int resendsLeft() {
        return Math.max(0, policy.resendMax() - (sends - 1));
    }

    /** Seconds until a resend is allowed, rounded up; right after a send, the cooldown. */
    public long resendIn(Instant now) {
        return Times.secondsUntil(now, lastSentAt.plus(policy.resendCooldown()));
    }
}
