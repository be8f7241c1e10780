package io.watchword.otp.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * Consecutive failed passcodes of one external user id, and the lock they lead to.
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

    protected UserLockout() {
    }

    public UserLockout(String userId, Instant now) {
        this.userId = userId;
        this.updatedAt = now;
    }

    public boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /**
     * Counts one more passcode that ended in max_attempts_exceeded; returns true when this one
     * reaches the threshold and locks the user. The count starts again after a lock.
     */
    public boolean countExhausted(int threshold, Duration lockFor, Instant now) {
        updatedAt = now;
        if (lockedUntil != null && !isLocked(now)) {
            lockedUntil = null;
        }
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            consecutiveFailures = 0;
            lockedUntil = now.plus(lockFor);
            return true;
        }
        return false;
    }

    public String userId() { return userId; }
    public int consecutiveFailures() { return consecutiveFailures; }
    public Instant lockedUntil() { return lockedUntil; }
}
