package io.watchword.channel.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A breaker's own transitions: closed → open at the threshold → half open when its time is up → closed or open again. */
class ConnectionHealthTest {

    static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    @Test
    void opensAtTheThresholdOfConsecutiveFailures() {
        ConnectionHealth h = new ConnectionHealth("c");
        for (int i = 1; i < 5; i++) {
            assertThat(h.failed("http 503", T, 5, OPEN_FOR)).isFalse();
        }
        assertThat(h.stateName(T)).isEqualTo("closed");
        assertThat(h.failed("http 503", T, 5, OPEN_FOR)).as("the fifth opens it").isTrue();
        assertThat(h.stateName(T)).isEqualTo("open");
        assertThat(h.openUntil()).isEqualTo(T.plus(OPEN_FOR));
        assertThat(h.consecutiveFailures()).isEqualTo(5);
    }

    @Test
    void isHalfOpenOnceItsTimeIsUpAndAFailedTrialOpensItAgain() {
        ConnectionHealth h = new ConnectionHealth("c");
        h.failed("timeout", T, 1, OPEN_FOR);
        assertThat(h.isHalfOpen(T.plusSeconds(29))).isFalse();
        assertThat(h.stateName(T.plusSeconds(30))).isEqualTo("half_open");
        Instant trial = T.plusSeconds(31);
        assertThat(h.failed("timeout", trial, 1, OPEN_FOR)).as("already open: not a new opening").isFalse();
        assertThat(h.openUntil()).isEqualTo(trial.plus(OPEN_FOR));
        assertThat(h.stateName(trial)).isEqualTo("open");
    }

    @Test
    void aSuccessClosesItAndForgetsTheFailures() {
        ConnectionHealth h = new ConnectionHealth("c");
        h.failed("timeout", T, 2, OPEN_FOR);
        assertThat(h.succeeded()).as("closing a closed breaker is no event").isFalse();
        h.failed("timeout", T, 1, OPEN_FOR);
        assertThat(h.succeeded()).as("closing an open one is").isTrue();
        assertThat(h.consecutiveFailures()).isZero();
        assertThat(h.openUntil()).isNull();
        assertThat(h.stateName(T)).isEqualTo("closed");
        assertThat(h.lastFailureReason()).isEqualTo("timeout");
    }
}
