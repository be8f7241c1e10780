package io.watchword.platform;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Cryptographically strong randomness without a global lock. The JDK's default SecureRandom on
 * Linux (NativePRNG, also behind {@link UUID#randomUUID()} and ECDSA signing) serialises every
 * caller on one lock, which under load made requests queue behind each other. Each thread gets
 * its own DRBG (NIST SP 800-90A, seeded by the operating system) instead.
 */
public final class Randoms {

    private static final ThreadLocal<SecureRandom> SECURE = ThreadLocal.withInitial(Randoms::drbg);

    private Randoms() {
    }

    /** This thread's generator; do not hand it to another thread. */
    public static SecureRandom secure() {
        return SECURE.get();
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} makes it. */
    public static UUID uuid() {
        byte[] b = new byte[16];
        secure().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    /**
     * A DRBG of its own, for a holder that keeps one generator (the JDK's {@code DRBG}, or the
     * default SecureRandom where a JDK lacks it). Prefer {@link #secure()} in request code.
     */
    public static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
