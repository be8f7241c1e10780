package io.watchword.channel;

import jakarta.json.JsonObject;
import java.util.Map;

/**
 * A stored external connection as providers see it: settings as given by the admin, and the
 * secrets decrypted (never logged, never returned). {@code secretsUnreadable}: the stored
 * secrets did not decrypt for this connection (copied from another one), so nothing is sent.
 */
public record ConnectionSpec(String name, ChannelType channel, String provider,
                             JsonObject settings, Map<String, String> secrets, boolean secretsUnreadable) {

    public ConnectionSpec {
        secrets = Map.copyOf(secrets);
    }

    public ConnectionSpec(String name, ChannelType channel, String provider, JsonObject settings,
                          Map<String, String> secrets) {
        this(name, channel, provider, settings, secrets, false);
    }

    /** {@code maxConcurrency} when a connection does not set it (contract §8). */
    public static final int DEFAULT_MAX_CONCURRENCY = 64;
    /** {@code timeoutMillis} when a connection does not set it (contract §3). */
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    /** Calls in flight through this connection per node at most (contract §8). */
    public int maxConcurrency() {
        return positive("maxConcurrency", DEFAULT_MAX_CONCURRENCY);
    }

    /** How long one call may take. */
    public int timeoutMillis() {
        return positive("timeoutMillis", DEFAULT_TIMEOUT_MILLIS);
    }

    /** A whole-number setting, given as a number or a string (as the settings check allows). */
    private int positive(String key, int fallback) {
        long v;
        try {
            if (settings.get(key) instanceof jakarta.json.JsonNumber n && n.isIntegral()) {
                v = n.longValueExact();
            } else if (settings.get(key) instanceof jakarta.json.JsonString s) {
                v = Long.parseLong(s.getString().strip());
            } else {
                return fallback;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return fallback;
        }
        return v > 0 && v <= Integer.MAX_VALUE ? (int) v : fallback;
    }

    public String secret(String key) {
        return secrets.get(key);
    }

    @Override
    public String toString() {
        return "ConnectionSpec[" + name + ", " + channel.id() + ", " + provider + "]";
    }
}
