package io.watchword.otp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passcodes are digits drawn uniformly. Uniformity is judged by Pearson's chi-square over
 * the ten digits (9 degrees of freedom) against one fixed threshold, and the same threshold
 * is shown to reject a generator that takes a byte modulo 10 — the classic bias.
 */
class PasscodeGeneratorTest {

    /** Upper 10⁻⁶ quantile of χ² with 9 degrees of freedom: a fair generator exceeds it once in a million runs. */
    static final double CRITICAL_9_DF_1E6 = 44.8;

    @ParameterizedTest
    @ValueSource(ints = {4, 6, 8, 10})
    void passcodesHaveTheRequestedNumberOfDigits(int length) {
        PasscodeGenerator g = new PasscodeGenerator();
        for (int i = 0; i < 2_000; i++) {
            assertThat(g.generate(length)).hasSize(length).containsOnlyDigits();
        }
    }

    @Test
    void nonPositiveLengthIsRefused() {
        assertThatThrownBy(() -> new PasscodeGenerator().generate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digitsOfTheProductionGeneratorAreUniform() {
        long[] counts = digitCounts(new PasscodeGenerator(), 100_000, 10);
        assertThat(chiSquare(counts)).isLessThan(CRITICAL_9_DF_1E6);
    }

    @Test
    void everyPositionIsUniformIncludingTheLeadingDigit() {
        PasscodeGenerator g = new PasscodeGenerator();
        long[][] byPosition = new long[6][10];
        for (int i = 0; i < 200_000; i++) {
            String code = g.generate(6);
            for (int p = 0; p < 6; p++) {
                byPosition[p][code.charAt(p) - '0']++;
            }
        }
        for (long[] counts : byPosition) {
            assertThat(chiSquare(counts)).isLessThan(CRITICAL_9_DF_1E6);
        }
    }

    @Test
    void theSameThresholdRejectsAModuloBiasedGenerator() {
        // 256 % 10 = 6: digits 0–5 come 26 times in 256, digits 6–9 only 25 times.
        long[] counts = digitCounts(new PasscodeGenerator(new ByteModuloRandom()), 100_000, 10);
        assertThat(chiSquare(counts)).isGreaterThan(CRITICAL_9_DF_1E6);
    }

    static long[] digitCounts(PasscodeGenerator g, int codes, int length) {
        long[] counts = new long[10];
        for (int i = 0; i < codes; i++) {
            for (char c : g.generate(length).toCharArray()) {
                counts[c - '0']++;
            }
        }
        return counts;
    }

    /** Pearson's statistic against equal expected counts. */
    static double chiSquare(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    /** What a naive generator does: one random byte, modulo the bound. */
    static final class ByteModuloRandom extends SecureRandom {
        @Override
        public int nextInt(int bound) {
            byte[] b = new byte[1];
            nextBytes(b);
            return Byte.toUnsignedInt(b[0]) % bound;
        }
    }
}
