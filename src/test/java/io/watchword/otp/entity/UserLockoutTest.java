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
        assertThat(l.lockedUntil()).as("the second lock within a day lasts twice as long").isEqualTo(after.plus(LOCK.multipliedBy(2)));
    }

    @Test
    void wrongTriesOfPasscodesThatNeverRunOutLockAtTheTryBudget() {
        UserLockout l = new UserLockout("jane", T0);
        for (int i = 1; i < 15; i++) {
            assertThat(l.countWrongTry(false, THRESHOLD, 15, LOCK, T0.plusSeconds(i))).isFalse();
        }
        assertThat(l.countWrongTry(false, THRESHOLD, 15, LOCK, T0.plusSeconds(15))).isTrue();
        assertThat(l.isLocked(T0.plusSeconds(16))).isTrue();
        assertThat(l.failedTries()).isZero();
    }

    @Test
    void locksThatFollowEachOtherWithinADayDoubleUpToADay() {
        UserLockout l = new UserLockout("jane", T0);
        Instant now = T0;
        java.util.List<Duration> lengths = new java.util.ArrayList<>();
        for (int lock = 0; lock < 9; lock++) {
            while (!l.countWrongTry(false, THRESHOLD, 3, LOCK, now)) {
                now = now.plusSeconds(1);
            }
            lengths.add(Duration.between(now, l.lockedUntil()));
            now = l.lockedUntil().plusSeconds(60);
        }
        assertThat(lengths).containsExactly(LOCK, LOCK.multipliedBy(2), LOCK.multipliedBy(4), LOCK.multipliedBy(8),
                LOCK.multipliedBy(16), LOCK.multipliedBy(32), LOCK.multipliedBy(64), Duration.ofHours(24), Duration.ofHours(24));
    }

    @Test
    void aLockMoreThanADayAfterTheLastOneEndedIsBackToTheConfiguredLength() {
        UserLockout l = exhausted(THRESHOLD);
        Instant later = l.lockedUntil().plus(Duration.ofHours(25));
        for (int i = 0; i < THRESHOLD; i++) {
            l.countExhausted(THRESHOLD, LOCK, later);
        }
        assertThat(l.lockedUntil()).isEqualTo(later.plus(LOCK));
    }

    @Test
    void aWrongTryWhileLockedChangesNothing() {
        UserLockout l = exhausted(THRESHOLD);
        Instant until = l.lockedUntil();
        assertThat(l.countWrongTry(true, THRESHOLD, 15, LOCK, T0.plusSeconds(1))).isFalse();
        assertThat(l.lockedUntil()).isEqualTo(until);
        assertThat(l.failedTries()).isZero();
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
