package io.watchword.channel.provider;

import io.watchword.channel.DeliveryException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a connection's settings at send time. Settings were validated when the connection was
 * saved; a value that is missing anyway fails the send with {@code provider_error}.
 */
public final class Settings {

    /** {@code timeoutMillis} when a connection does not set it (contract §3). */
    public static final int DEFAULT_TIMEOUT_MILLIS = io.watchword.channel.ConnectionSpec.DEFAULT_TIMEOUT_MILLIS;

    private Settings() {
    }

    /** The trimmed text of a string (or number) setting; null when absent, null or blank. */
    public static String text(JsonObject settings, String key) {
        JsonValue v = settings == null ? null : settings.get(key);
        String s;
        if (v instanceof JsonString js) {
            s = js.getString();
        } else if (v instanceof JsonNumber n) {
            s = n.toString();
        } else {
            return null;
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    public static String text(JsonObject settings, String key, String fallback) {
        String s = text(settings, key);
        return s == null ? fallback : s;
    }

    public static String required(JsonObject settings, String key, String provider)
            throws DeliveryException {
        String s = text(settings, key);
        if (s == null) {
            throw DeliveryException.provider(provider, null, "connection setting " + key + " is missing");
        }
        return s;
    }

    /**
     * An integer given as a JSON number or a numeric string ({@code 587} or {@code "587"});
     * null when absent or not an integer.
     */
    public static Long integer(JsonObject settings, String key) {
        JsonValue v = settings == null ? null : settings.get(key);
        if (v instanceof JsonNumber n) {
            return n.isIntegral() ? n.longValue() : null;
        }
        if (v instanceof JsonString s) {
            try {
                return Long.parseLong(s.getString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static int timeoutMillis(JsonObject settings) {
        Long t = integer(settings, "timeoutMillis");
        return t == null || t <= 0 || t > Integer.MAX_VALUE ? DEFAULT_TIMEOUT_MILLIS : t.intValue();
    }

    /** The {@code headers} setting as name → value, in the admin's order. */
    public static Map<String, String> headers(JsonObject settings) {
        Map<String, String> headers = new LinkedHashMap<>();
        JsonValue v = settings == null ? null : settings.get("headers");
        if (v instanceof JsonObject o) {
            o.forEach((name, value) -> {
                if (value instanceof JsonString s) {
                    headers.put(name, s.getString());
                }
            });
        }
        return headers;
    }
}
