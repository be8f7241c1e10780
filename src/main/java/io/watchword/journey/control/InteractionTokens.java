package io.watchword.journey.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Interaction tokens: 256 bits from a CSPRNG, handed to the client once; the flow keeps only
 * their SHA-256, compared in constant time.
 */
public final class InteractionTokens {

    /**
     * One DRBG per thread: a shared SecureRandom (NativePRNG) serialises every request of the
     * server on one lock. Each instance is a NIST SP 800-90A generator seeded by the OS.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(InteractionTokens::drbg);

    private InteractionTokens() {
    }

    public static String newToken() {
        return randomId(32);
    }

    /** A URL-safe random id of {@code bytes} bytes (flow ids use 16: 128 bits). */
    public static String randomId(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.get().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
