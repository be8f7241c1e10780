package io.watchword.otp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Only a keyed hash bound to its attempt is stored; the code alone, or another key, is worthless. */
class PasscodeHasherTest {

    static final byte[] KEY = filled(32, 7);
    final PasscodeHasher hasher = new PasscodeHasher(KEY);

    @Test
    void theRightCodeMatchesItsOwnAttempt() {
        String stored = hasher.hash("attempt-1", "482910");
        assertThat(hasher.matches("attempt-1", "482910", stored)).isTrue();
    }

    @Test
    void aWrongCodeDoesNotMatch() {
        String stored = hasher.hash("attempt-1", "482910");
        assertThat(hasher.matches("attempt-1", "482911", stored)).isFalse();
    }

    @Test
    void theSameCodeDoesNotMatchAnotherAttempt() {
        String stored = hasher.hash("attempt-1", "482910");
        assertThat(hasher.hash("attempt-2", "482910")).isNotEqualTo(stored);
        assertThat(hasher.matches("attempt-2", "482910", stored)).isFalse();
    }

    @Test
    void theKeyMatters() {
        String stored = hasher.hash("attempt-1", "482910");
        PasscodeHasher otherKey = new PasscodeHasher(filled(32, 8));
        assertThat(otherKey.hash("attempt-1", "482910")).isNotEqualTo(stored);
        assertThat(otherKey.matches("attempt-1", "482910", stored)).isFalse();
    }

    @Test
    void theBoundaryBetweenAttemptAndCodeIsUnambiguous() {
        assertThat(hasher.hash("attempt-1", "23456")).isNotEqualTo(hasher.hash("attempt-12", "3456"));
    }

    @Test
    void theStoredFormIsAHexDigestThatDoesNotHoldTheCode() {
        String stored = hasher.hash("attempt-1", "482910");
        assertThat(stored).hasSize(64).matches("[0-9a-f]{64}").doesNotContain("482910");
    }

    @Test
    void aKeyShorterThan256BitsIsRefused() {
        assertThatThrownBy(() -> new PasscodeHasher(filled(31, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
