package io.watchword.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.platform.ConfigKeys;
import io.watchword.platform.SettingsFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    final RetentionPolicy policy = RetentionPolicy.of(Duration.ofDays(1), Duration.ofDays(30), Duration.ofHours(6),
            Duration.ofMinutes(15));

    @Test
    void flowsAndAttemptsGoOneRetentionPeriodAfterNow() {
        RetentionPolicy.Cutoffs c = policy.cutoffs(NOW);
        assertThat(c.flowsEndedBefore()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(c.attemptsCreatedBefore()).isEqualTo(c.flowsEndedBefore());
    }

    @Test
    void eventsAndOutboxHaveTheirOwnPeriods() {
        RetentionPolicy.Cutoffs c = policy.cutoffs(NOW);
        assertThat(c.eventsBefore()).isEqualTo(Instant.parse("2026-10-26T12:00:00Z"));
        assertThat(c.outboxBefore()).isEqualTo(Instant.parse("2026-11-25T06:00:00Z"));
    }

    @Test
    void flowRetentionShorterThanTheFlowLifetimeIsRefused() {
        // An attempt younger than a running flow could otherwise be purged under it.
        assertThatThrownBy(() -> RetentionPolicy.of(Duration.ofMinutes(10), Duration.ofDays(30), Duration.ofDays(1),
                Duration.ofMinutes(15))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT15M");
    }

    @Test
    void flowRetentionEqualToTheFlowLifetimeIsAllowed() {
        assertThat(RetentionPolicy.of(Duration.ofMinutes(15), Duration.ofDays(1), Duration.ofDays(1),
                Duration.ofMinutes(15)).flows()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void zeroOrNegativeRetentionIsRefused() {
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(1), Duration.ZERO, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events");
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbox");
    }

    @Test
    void theSettingsPolicyKeepsWhatTheSettingsSay() {
        assertThat(RetentionPolicy.of(SettingsFixture.load(Map.of(ConfigKeys.RETENTION_FLOWS, "PT1H",
                ConfigKeys.RETENTION_EVENTS, "P7D", ConfigKeys.RETENTION_OUTBOX, "PT6H"))))
                .isEqualTo(new RetentionPolicy(Duration.ofHours(1), Duration.ofDays(7), Duration.ofHours(6)));
    }

    @Test
    void aFlowRetentionShorterThanTheFlowExpiryStopsTheStartNamingItsKey() {
        var settings = SettingsFixture.load(Map.of(ConfigKeys.RETENTION_FLOWS, "PT10M"));
        assertThatThrownBy(() -> RetentionPolicy.of(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid configuration: watchword.retention.flows='PT10M' must be at least"
                        + " watchword.flow.expiry (PT15M).");
    }
}
