package io.watchword.channel;

import jakarta.json.JsonObject;
import java.util.Map;

/**
 * A stored external connection as providers see it: settings as given by the admin, and the
 * secrets decrypted (never logged, never returned).
 */
public record ConnectionSpec(String name, ChannelType channel, String provider,
                             JsonObject settings, Map<String, String> secrets) {

    public ConnectionSpec {
        secrets = Map.copyOf(secrets);
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
