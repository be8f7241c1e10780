package io.watchword.token.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SigningKeyRecordTest {

    @Test
    void aRetiredKeyStaysPublishedForOneTokenLifetimeAfterTheRotation() {
        Instant made = Instant.parse("2026-12-02T10:00:00Z");
        SigningKeyRecord k = new SigningKeyRecord("kid", "v2:x", made);
        Duration lifetime = Duration.ofMinutes(5);
        assertThat(k.publishedAt(made.plus(Duration.ofDays(30)), lifetime)).isTrue();
        Instant rotated = made.plus(Duration.ofHours(1));
        k.retire(rotated);
        k.retire(rotated.plusSeconds(100)); // a second rotation does not move it
        assertThat(k.publishedAt(rotated.plus(Duration.ofMinutes(4)).plusSeconds(59), lifetime)).isTrue();
        assertThat(k.publishedAt(rotated.plus(lifetime), lifetime)).isFalse();
    }
}
