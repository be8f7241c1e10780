package io.watchword.connection.control;

import io.watchword.platform.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Connection secrets at rest (contract §11): AES-GCM through {@link SecretBox}, bound to their
 * connection — the connection's name and provider are the associated data, so a ciphertext a
 * database writer copies onto another connection (or that survives a change of provider)
 * does not decrypt there.
 */
@ApplicationScoped
public class SecretCipher {

    @Inject
    SecretBox box;

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
