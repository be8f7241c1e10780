package io.watchword.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * Encrypts what the server keeps secret at rest — connection secrets, the token signing keys —
 * with AES-GCM (random 96-bit nonce per value, 128-bit tag) and associated data naming what
 * the value belongs to, so a ciphertext copied to another row no longer decrypts. The key is
 * {@code watchword.secrets.key} (Base64, 16/24/32 bytes) when configured — production should
 * configure it, so a database dump alone reveals nothing — and otherwise a 256-bit key created
 * once in the database and shared by every node.
 *
 * <p>Stored forms: {@code v2:} + Base64(nonce ‖ ciphertext) with associated data; {@code v1:}
 * is the earlier form without it, which {@link #decryptUnbound} reads only to upgrade it.
 */
@ApplicationScoped
public class SecretBox {

    /** The name of the database-made key; the same one connection secrets always used. */
    static final String KEY_NAME = "connection-secrets-key";
    private static final String BOUND = "v2:";
    private static final String UNBOUND = "v1:";

    @Inject
    ServerSecrets serverSecrets;

    @Inject
    Config config;

    /** The key never changes while the application runs (it comes from configuration or from a row made once). */
    private volatile SecretKey key;

    /** Thrown when a stored value cannot be decrypted for the row it was read from. */
    public static class UnreadableSecretException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnreadableSecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public String encrypt(String plain, String associatedData) {
        try {
            byte[] nonce = new byte[12];
            Randoms.secure().nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return BOUND + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a secret", e);
        }
    }

    /** The plain text of a value encrypted for {@code associatedData}; refuses the unbound form. */
    public String decrypt(String stored, String associatedData) {
        if (stored == null || !stored.startsWith(BOUND)) {
            throw new UnreadableSecretException("The stored secret is not in the bound form (v2)", null);
        }
        return open(stored.substring(BOUND.length()), associatedData);
    }

    /** Whether {@code stored} is the earlier form without associated data. */
    public static boolean isUnbound(String stored) {
        return stored != null && stored.startsWith(UNBOUND);
    }

    /** Reads the earlier form without associated data: only to re-encrypt it bound (the upgrade at start). */
    public String decryptUnbound(String stored) {
        if (!isUnbound(stored)) {
            throw new UnreadableSecretException("The stored secret is not in the unbound form (v1)", null);
        }
        return open(stored.substring(UNBOUND.length()), null);
    }

    private String open(String base64, String associatedData) {
        try {
            byte[] all = Base64.getDecoder().decode(base64);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, 12));
            if (associatedData != null) {
                c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            }
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UnreadableSecretException("Could not decrypt a stored secret: it was written for another row, "
                    + "or with another " + ConfigKeys.SECRETS_KEY, e);
        }
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            String b64 = config.getOptionalValue(ConfigKeys.SECRETS_KEY, String.class)
                    .filter(s -> !s.isBlank())
                    .orElseGet(() -> serverSecrets.getOrCreate(KEY_NAME, () -> {
                        byte[] raw = new byte[32];
                        Randoms.secure().nextBytes(raw);
                        return Base64.getEncoder().encodeToString(raw);
                    }));
            k = new SecretKeySpec(Base64.getDecoder().decode(b64), "AES");
            key = k;
        }
        return k;
    }
}
