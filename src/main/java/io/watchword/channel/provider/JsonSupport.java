package io.watchword.channel.provider;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Optional;

/**
 * JSON-P with one provider looked up once: {@code Json.createX} does a service-loader lookup
 * on every call, which shows at hundreds of sends per second.
 */
public final class JsonSupport {

    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }

    public static JsonObjectBuilder objectBuilder() {
        return JSON.createObjectBuilder();
    }

    public static jakarta.json.JsonArrayBuilder arrayBuilder() {
        return JSON.createArrayBuilder();
    }

    /** The object {@code text} holds, or empty when it is not a JSON object. */
    public static Optional<JsonObject> parseObject(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The JSON string escaping of {@code value}, without the surrounding quotes. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028/2029 break JavaScript parsers.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
