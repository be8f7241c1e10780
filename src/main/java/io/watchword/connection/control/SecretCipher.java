package io.watchword.connection.control;

import io.watchword.platform.ConfigKeys;
import io.watchword.platform.ServerSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * Encrypts connection secrets at rest with AES-GCM (random 96-bit nonce per value, 128-bit
 * tag). The key is {@code watchword.secrets.key} (Base64, 16/24/32 bytes) when configured —
 * production should configure it, so a database dump alone reveals nothing — and otherwise
 * a 256-bit key created once in the database and shared by every node.
 */
@ApplicationScoped
public class SecretCipher {

    static final String SECRET_NAME = "connection-secrets-key";
    private static final String PREFIX = "v1:";
    private final SecureRandom random = new SecureRandom();

    @Inject
    ServerSecrets serverSecrets;

    @Inject
    Config config;

    private volatile SecretKey key;

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a secret", e);
        }
    }

    public String decrypt(String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("Unknown secret format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not decrypt a stored secret: is watchword.secrets.key the one it was written with?", e);
        }
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            String b64 = config.getOptionalValue(ConfigKeys.SECRETS_KEY, String.class)
                    .filter(s -> !s.isBlank())
                    .orElseGet(() -> serverSecrets.getOrCreate(SECRET_NAME, () -> {
                        byte[] raw = new byte[32];
                        random.nextBytes(raw);
                        return Base64.getEncoder().encodeToString(raw);
                    }));
            k = new SecretKeySpec(Base64.getDecoder().decode(b64), "AES");
            key = k;
        }
        return k;
    }
}
