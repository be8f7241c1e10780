package io.watchword.connection.control;

import io.watchword.connection.entity.Connection;
import io.watchword.platform.JsonValues;
import io.watchword.platform.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Connection secrets at rest (contract §11): AES-GCM through {@link SecretBox}, bound to their
 * connection — the connection's name and provider are the associated data, so a ciphertext a
 * database writer copies onto another connection (or that survives a change of provider)
 * does not decrypt there.
 */
@ApplicationScoped
public class SecretCipher {

    private static final Logger LOG = Logger.getLogger(SecretCipher.class.getName());

    @Inject
    SecretBox box;

    /** The secrets as stored: a JSON object encrypted for the connection, or null when there are none. */
    public String seal(Map<String, String> secrets, String connectionName, String provider) {
        return secrets.isEmpty() ? null : encrypt(JsonValues.toJson(secrets).toString(), connectionName, provider);
    }

    /** The connection's decrypted secrets; empty when they cannot be decrypted for this connection. */
    public Optional<Map<String, String>> readable(Connection c) {
        if (c.secrets() == null) {
            return Optional.of(Map.of());
        }
        String plain;
        try {
            plain = decrypt(c.secrets(), c.name(), c.provider());
        } catch (SecretBox.UnreadableSecretException e) {
            LOG.warning("The stored secrets of connection " + c.name() + " cannot be decrypted: " + e.getMessage());
            return Optional.empty();
        }
        Map<String, String> m = new LinkedHashMap<>();
        JsonValues.parseObject(plain).forEach((k, v) -> m.put(k, ((JsonString) v).getString()));
        return Optional.of(m);
    }

    public String encrypt(String plain, String connectionName, String provider) {
        return box.encrypt(plain, associatedData(connectionName, provider));
    }

    /** The plain secrets; throws {@link SecretBox.UnreadableSecretException} when they were not written for this connection. */
    public String decrypt(String stored, String connectionName, String provider) {
        return box.decrypt(stored, associatedData(connectionName, provider));
    }

    /** The earlier form without associated data, re-encrypted bound to the connection; null when already bound. */
    public String upgrade(String stored, String connectionName, String provider) {
        return SecretBox.isUnbound(stored) ? encrypt(box.decryptUnbound(stored), connectionName, provider) : null;
    }

    static String associatedData(String connectionName, String provider) {
        return "watchword connection secrets\n" + connectionName + "\n" + provider;
    }
}
