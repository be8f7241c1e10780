package io.watchword.otp.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * Consecutive failed passcodes and wrong tries of one external user id, and the lock they lead to.
 * Keyed by user, not by address: an attacker rotating IPs cannot guess on, at the price that
 * anyone who knows a user id can lock that user out for a while (see README).
 */
@Entity
@Table(name = "ww_user_lockout")
public class UserLockout {

    @Id
    @Column(name = "user_id")
    private String userId;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Wrong submissions since the last success or lock, across passcodes (contract §11). */
    @Column(name = "failed_tries", nullable = false)
    private int failedTries;

    /** How long the last lock lasted: the next one within a day lasts twice as long. */
    @Column(name = "lock_seconds")
    private Long lockSeconds;

    protected UserLockout() {
    }

    public UserLockout(String userId, Instant now) {
        this.userId = userId;
        this.updatedAt = now;
    }

    /** A lock that starts within this time after the previous one ended lasts twice as long. */
    public static final Duration ESCALATION_WINDOW = Duration.ofHours(24);

    /** The longest an escalated lock lasts (a configured duration above it is kept as it is). */
    public static final Duration ESCALATION_CAP = Duration.ofHours(24);

    public boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /**
     * Counts one more passcode that ended in max_attempts_exceeded; returns true when this one
     * reaches the threshold and locks the user. The count starts again after a lock.
     */
    public boolean countExhausted(int threshold, Duration lockFor, Instant now) {
        return countWrongTry(true, threshold, Integer.MAX_VALUE, lockFor, now);
    }

    /**
     * Counts one wrong passcode submission of the user (contract §1 and §11): every wrong try
     * counts toward {@code maxFailedTries}, across passcodes, resends and flows; one that used a
     * passcode's last try ({@code exhausted}) also counts toward {@code threshold}. Returns true
     * when this try locks the user. Neither count is reset by anything but a lock or a success.
     */
    public boolean countWrongTry(boolean exhausted, int threshold, int maxFailedTries, Duration lockFor, Instant now) {
        updatedAt = now;
        if (isLocked(now)) {
            return false; // a try that raced with the lock: the lock already stands
        }
        failedTries++;
        if (exhausted) {
            consecutiveFailures++;
        }
        if (consecutiveFailures >= threshold || failedTries >= maxFailedTries) {
            lock(lockFor, now);
            return true;
        }
        return false;
    }

    /** Both counts start again; a lock within a day of the last one's end lasts twice as long. */
    private void lock(Duration base, Instant now) {
        Duration length = base;
        if (lockedUntil != null && lockSeconds != null && now.isBefore(lockedUntil.plus(ESCALATION_WINDOW))) {
            Duration doubled = Duration.ofSeconds(lockSeconds).multipliedBy(2);
            Duration cap = base.compareTo(ESCALATION_CAP) > 0 ? base : ESCALATION_CAP;
            length = doubled.compareTo(base) < 0 ? base : doubled.compareTo(cap) > 0 ? cap : doubled;
        }
        consecutiveFailures = 0;
        failedTries = 0;
        lockedUntil = now.plus(length);
        lockSeconds = length.toSeconds();
    }

    public String userId() { return userId; }
    public int consecutiveFailures() { return consecutiveFailures; }
    public int failedTries() { return failedTries; }
    public Instant lockedUntil() { return lockedUntil; }
}
