package io.watchword.otp.control;

import io.watchword.platform.Randoms;
import io.watchword.platform.ConfigKeys;
import io.watchword.platform.ServerSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Base64;
import org.eclipse.microprofile.config.Config;

/**
 * Holds the passcode hasher. Its key is {@code watchword.otp.hmac-key} (Base64, ≥ 32 bytes)
 * when configured; otherwise one is created in the database the first time any node needs
 * it, so every node of a cluster hashes alike. The key never changes after that, so keeping
 * the hasher in memory is safe.
 */
@ApplicationScoped
public class PasscodeKeyring {

    static final String SECRET_NAME = "otp-hmac-key";

    @Inject
    ServerSecrets secrets;

    @Inject
    Config config;

    private volatile PasscodeHasher hasher;

    public PasscodeHasher hasher() {
        PasscodeHasher h = hasher;
        if (h == null) {
            synchronized (this) {
                if (hasher == null) {
                    hasher = new PasscodeHasher(Base64.getDecoder().decode(key()));
                }
                h = hasher;
            }
        }
        return h;
    }

    private String key() {
        return config.getOptionalValue(ConfigKeys.OTP_HMAC_KEY, String.class)
                .filter(k -> !k.isBlank())
                .orElseGet(() -> secrets.getOrCreate(SECRET_NAME, () -> {
                    byte[] k = new byte[32];
                    Randoms.secure().nextBytes(k);
                    return Base64.getEncoder().encodeToString(k);
                }));
    }
}
