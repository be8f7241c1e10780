package io.watchword.otp.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lockout window: threshold consecutive exhausted passcodes lock the user for the duration. */
class UserLockoutTest {

    static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z");
    static final int THRESHOLD = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    @Test
    void fewerExhaustedPasscodesThanTheThresholdDoNotLock() {
        UserLockout l = new UserLockout("jane", T0);
        for (int i = 1; i < THRESHOLD; i++) {
            assertThat(l.countExhausted(THRESHOLD, LOCK, T0.plusSeconds(i))).isFalse();
            assertThat(l.isLocked(T0.plusSeconds(i))).isFalse();
        }
        assertThat(l.consecutiveFailures()).isEqualTo(THRESHOLD - 1);
    }

    @Test
    void theExhaustedPasscodeThatReachesTheThresholdLocks() {
        UserLockout l = exhausted(THRESHOLD - 1);
        Instant at = T0.plusSeconds(60);
        assertThat(l.countExhausted(THRESHOLD, LOCK, at)).isTrue();
        assertThat(l.isLocked(at)).isTrue();
        assertThat(l.lockedUntil()).isEqualTo(at.plus(LOCK));
    }

    @Test
    void theLockHoldsUntilOneNanosecondBeforeItsEndAndEndsByItself() {
        UserLockout l = exhausted(THRESHOLD);
        Instant until = l.lockedUntil();
        assertThat(l.isLocked(until.minusNanos(1))).isTrue();
        assertThat(l.isLocked(until)).isFalse();
        assertThat(l.isLocked(until.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void afterALockTheCountStartsAgainFromZero() {
        UserLockout l = exhausted(THRESHOLD);
        Instant after = l.lockedUntil().plusSeconds(1);
        for (int i = 1; i < THRESHOLD; i++) {
            assertThat(l.countExhausted(THRESHOLD, LOCK, after)).isFalse();
        }
        assertThat(l.isLocked(after)).isFalse();
        assertThat(l.countExhausted(THRESHOLD, LOCK, after)).isTrue();
        assertThat(l.lockedUntil()).isEqualTo(after.plus(LOCK));
    }

    @Test
    void aThresholdOfOneLocksOnTheFirstExhaustedPasscode() {
        assertThat(new UserLockout("jane", T0).countExhausted(1, LOCK, T0)).isTrue();
    }

    @Test
    void aNewUserIsNotLocked() {
        assertThat(new UserLockout("jane", T0).isLocked(T0)).isFalse();
    }

    private static UserLockout exhausted(int times) {
        UserLockout l = new UserLockout("jane", T0);
        for (int i = 0; i < times; i++) {
            l.countExhausted(THRESHOLD, LOCK, T0);
        }
        return l;
    }
}
