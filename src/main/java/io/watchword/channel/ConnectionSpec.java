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

    public String setting(String key, String fallback) {
        return settings.containsKey(key) && !settings.isNull(key)
                ? settings.get(key) instanceof jakarta.json.JsonString s ? s.getString()
                        : settings.get(key).toString()
                : fallback;
    }

    public String secret(String key) {
        return secrets.get(key);
    }

    @Override
    public String toString() {
        return "ConnectionSpec[" + name + ", " + channel.id() + ", " + provider + "]";
    }
}
