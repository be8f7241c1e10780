package io.watchword.otp.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.otp.control.ResendRule.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Resend cooldown and limit (contract §1): the limit wins, a refusal uses nothing up. */
class ResendRuleTest {

    static final Instant SENT = Instant.parse("2026-11-25T18:00:00Z");
    static final OtpPolicy POLICY = new OtpPolicy(6, Duration.ofMinutes(5), 3, 5, Duration.ofMinutes(15),
            Duration.ofSeconds(30), 3, 15);

    @Test
    void rightAfterTheFirstSendEveryResendIsLeftAndResendInIsTheCooldown() {
        ResendRule rule = new ResendRule(POLICY, 1, SENT);
        assertThat(rule.resendsLeft()).isEqualTo(3);
        assertThat(rule.resendIn(SENT)).isEqualTo(30);
        assertThat(rule.verdict(SENT)).isEqualTo(Verdict.TOO_SOON);
    }

    @Test
    void aResendIsTooSoonUntilTheCooldownHasPassedExactly() {
        ResendRule rule = new ResendRule(POLICY, 1, SENT);
        Instant justBefore = SENT.plusSeconds(30).minusNanos(1);
        assertThat(rule.verdict(justBefore)).isEqualTo(Verdict.TOO_SOON);
        assertThat(rule.resendIn(justBefore)).isEqualTo(1);
        assertThat(rule.verdict(SENT.plusSeconds(30))).isEqualTo(Verdict.ALLOWED);
        assertThat(rule.resendIn(SENT.plusSeconds(30))).isZero();
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        assertThat(new ResendRule(POLICY, 1, SENT).resendIn(SENT.plusMillis(10_500))).isEqualTo(20);
    }

    @Test
    void eachSendUsesOneResend() {
        assertThat(new ResendRule(POLICY, 2, SENT).resendsLeft()).isEqualTo(2);
        assertThat(new ResendRule(POLICY, 3, SENT).resendsLeft()).isEqualTo(1);
        assertThat(new ResendRule(POLICY, 4, SENT).resendsLeft()).isZero();
    }

    @Test
    void afterTheLastResendTheLimitIsReachedEvenOnceTheCooldownHasPassed() {
        assertThat(new ResendRule(POLICY, 4, SENT).verdict(SENT.plus(Duration.ofHours(1)))).isEqualTo(Verdict.MAX_REACHED);
    }

    @Test
    void theLimitWinsOverTheCooldown() {
        assertThat(new ResendRule(POLICY, 4, SENT).verdict(SENT.plusSeconds(1))).isEqualTo(Verdict.MAX_REACHED);
    }

    @Test
    void withNoResendsAllowedTheFirstAskIsRefusedByTheLimit() {
        OtpPolicy none = new OtpPolicy(6, Duration.ofMinutes(5), 3, 5, Duration.ofMinutes(15), Duration.ZERO, 0, 15);
        assertThat(new ResendRule(none, 1, SENT).verdict(SENT.plusSeconds(60))).isEqualTo(Verdict.MAX_REACHED);
    }

    @Test
    void withoutCooldownAResendIsAllowedAtOnce() {
        OtpPolicy noCooldown = new OtpPolicy(6, Duration.ofMinutes(5), 3, 5, Duration.ofMinutes(15), Duration.ZERO, 3, 15);
        ResendRule rule = new ResendRule(noCooldown, 1, SENT);
        assertThat(rule.verdict(SENT)).isEqualTo(Verdict.ALLOWED);
        assertThat(rule.resendIn(SENT)).isZero();
    }
}
