package io.watchword.journey.control;

import io.watchword.platform.Digests;
import io.watchword.platform.Randoms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Interaction tokens: 256 bits from a CSPRNG, handed to the client once; the flow keeps only
 * their SHA-256, compared in constant time.
 */
public final class InteractionTokens {

    private InteractionTokens() {
    }

    public static String newToken() {
        return randomId(32);
    }

    /** A URL-safe random id of {@code bytes} bytes (flow ids use 16: 128 bits). */
    public static String randomId(int bytes) {
        byte[] b = new byte[bytes];
        // One DRBG per thread (Randoms): a shared SecureRandom serialises every request on one lock.
        Randoms.secure().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String hash(String token) {
        return Digests.sha256Hex(token);
    }

    public static boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
