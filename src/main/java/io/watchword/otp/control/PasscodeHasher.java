package io.watchword.otp.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The only form in which a passcode is kept: HMAC-SHA-256 under a server key, over the
 * attempt's id and the code, so a stored hash is worthless for any other attempt and a
 * database reader cannot brute-force six digits without the key.
 */
public final class PasscodeHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public PasscodeHasher(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The HMAC key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    public String hash(String attemptId, String passcode) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(attemptId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(passcode.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }

    /** Compares in constant time: how long it takes says nothing about how close a guess was. */
    public boolean matches(String attemptId, String passcode, String storedHash) {
        byte[] expected = storedHash.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash(attemptId, passcode).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
