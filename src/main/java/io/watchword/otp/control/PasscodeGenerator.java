package io.watchword.otp.control;

import io.watchword.platform.Randoms;
import java.security.SecureRandom;

/**
 * Draws passcodes from a CSPRNG. Each digit is {@code nextInt(10)}, which rejects the top
 * of the range instead of taking a modulo, so every digit is exactly uniform.
 */
public final class PasscodeGenerator {

    private final SecureRandom random;

    /** A DRBG of its own: the default SecureRandom (NativePRNG) is one lock shared by every thread. */
    public PasscodeGenerator() {
        this(Randoms.drbg());
    }

    PasscodeGenerator(SecureRandom random) {
        this.random = random;
    }

    public String generate(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive");
        }
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(digits);
    }
}
