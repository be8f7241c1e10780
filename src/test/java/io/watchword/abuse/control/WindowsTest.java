package io.watchword.abuse.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.abuse.entity.RateCounter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The arithmetic of fixed windows, sliding sums' judgement and counter subjects. */
class WindowsTest {

    @Test
    void windowsAreAlignedOnTheEpoch() {
        assertThat(RateLimiter.windowStart(Instant.parse("2026-11-25T18:04:05Z"), 60)).isEqualTo("2026-11-25T18:04:00Z");
        assertThat(RateLimiter.windowStart(Instant.parse("2026-11-25T18:04:05.900Z"), 600)).isEqualTo("2026-11-25T18:00:00Z");
        assertThat(RateLimiter.windowStart(Instant.parse("2026-11-25T18:00:00Z"), 3600)).isEqualTo("2026-11-25T18:00:00Z");
    }

    @Test
    void retryAfterIsTheRestOfTheWindowRoundedUp() {
        RateCounter.Key key = RateLimiter.key("k", "s", 60, Instant.parse("2026-11-25T18:04:05Z"));
        assertThat(RateLimiter.secondsLeft(key, Instant.parse("2026-11-25T18:04:05Z"))).isEqualTo(55);
        assertThat(RateLimiter.secondsLeft(key, Instant.parse("2026-11-25T18:04:59.100Z"))).isEqualTo(1);
        assertThat(RateLimiter.secondsLeft(key, Instant.parse("2026-11-25T18:04:00.001Z"))).isEqualTo(60);
    }

    @Test
    void subjectsAreStoredAsDigestsNeverInClear() {
        String d = RateLimiter.digest("jane@example.com");
        assertThat(d).hasSize(64).matches("[0-9a-f]+").doesNotContain("jane");
        assertThat(RateLimiter.digest("jane@example.com")).isEqualTo(d);
        assertThat(RateLimiter.digest("jane@example.org")).isNotEqualTo(d);
    }

    @Test
    void conversionIsLowOnlyBelowTheMinimumRate() {
        assertThat(ConversionMonitor.isLow(9, 50, 0.2)).isTrue();
        assertThat(ConversionMonitor.isLow(10, 50, 0.2)).isFalse();
        assertThat(ConversionMonitor.isLow(0, 50, 0.0)).isFalse();
    }

    @Test
    void emailRecipientsCountWithoutCaseOthersExactly() {
        assertThat(SendProtection.recipientKey(io.watchword.channel.ChannelType.EMAIL, "Jane@Example.com"))
                .isEqualTo(SendProtection.recipientKey(io.watchword.channel.ChannelType.EMAIL, "jane@example.com"));
        assertThat(SendProtection.recipientKey(io.watchword.channel.ChannelType.PUSH, "AbC"))
                .isNotEqualTo(SendProtection.recipientKey(io.watchword.channel.ChannelType.PUSH, "abc"));
    }
}
