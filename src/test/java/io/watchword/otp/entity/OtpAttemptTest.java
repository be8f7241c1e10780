package io.watchword.otp.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.otp.control.VerifyOutcome;
import io.watchword.otp.control.VerifyOutcome.Kind;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Expiry boundaries and the counting of tries of one passcode. */
class OtpAttemptTest {

    static final Instant ISSUED = Instant.parse("2026-11-25T18:00:00Z");
    static final Instant EXPIRES = ISSUED.plus(Duration.ofMinutes(5));

    static OtpAttempt attempt(int maxFailures) {
        return new OtpAttempt("a-1", "flow-1", "otp", "jane@example.com", "email", "hash",
                maxFailures, ISSUED, EXPIRES);
    }

    @Test
    void aPasscodeIsValidUpToOneNanosecondBeforeItsExpiry() {
        Clock clock = Clock.fixed(EXPIRES.minusNanos(1), ZoneOffset.UTC);
        assertThat(attempt(3).isExpired(clock.instant())).isFalse();
    }

    @Test
    void aPasscodeIsExpiredAtItsExpiryInstant() {
        Clock clock = Clock.fixed(EXPIRES, ZoneOffset.UTC);
        assertThat(attempt(3).isExpired(clock.instant())).isTrue();
    }

    @Test
    void aPasscodeIsValidWhenIssued() {
        assertThat(attempt(3).isExpired(Clock.fixed(ISSUED, ZoneOffset.UTC).instant())).isFalse();
    }

    @Test
    void aFreshPasscodeHasEveryTry() {
        OtpAttempt a = attempt(3);
        assertThat(a.attemptsLeft()).isEqualTo(3);
        assertThat(a.status()).isEqualTo(OtpAttempt.Status.PENDING);
    }

    @Test
    void withThreeTriesTheFirstTwoWrongCodesLeaveTwoThenOneAndTheThirdExhausts() {
        OtpAttempt a = attempt(3);
        assertThat(answerAfterCounted(a, 1)).isEqualTo(new VerifyOutcome(Kind.INVALID, 2));
        assertThat(answerAfterCounted(a, 2)).isEqualTo(new VerifyOutcome(Kind.INVALID, 1));
        assertThat(answerAfterCounted(a, 3).kind()).isEqualTo(Kind.EXHAUSTED);
    }

    @Test
    void aSingleTryIsExhaustedByTheFirstWrongCode() {
        assertThat(answerAfterCounted(attempt(1), 1).kind()).isEqualTo(Kind.EXHAUSTED);
    }

    @Test
    void attemptsLeftIsNeverNegative() {
        OtpAttempt a = attempt(3);
        setFailures(a, 5);
        assertThat(a.attemptsLeft()).isZero();
    }

    @Test
    void anAttemptNeedsTriesAndAFutureExpiry() {
        assertThatThrownBy(() -> new OtpAttempt("a", "f", "s", "u", "email", "h", 0, ISSUED, EXPIRES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpAttempt("a", "f", "s", "u", "email", "h", 3, ISSUED, ISSUED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The row as the database holds it after {@code failures} counted wrong codes (the
     * counting itself is one conditional UPDATE, proven against the server in OtpEngineIT),
     * and the answer the service derives from it.
     */
    private static VerifyOutcome answerAfterCounted(OtpAttempt a, int failures) {
        setFailures(a, failures);
        return VerifyOutcome.ofCountedFailure(a.attemptsLeft());
    }

    private static void setFailures(OtpAttempt a, int failures) {
        try {
            Field f = OtpAttempt.class.getDeclaredField("failures");
            f.setAccessible(true);
            f.setInt(a, failures);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
