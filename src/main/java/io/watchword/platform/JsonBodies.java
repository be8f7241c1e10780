package io.watchword.platform;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies the same way everywhere: at most 64 KiB (413), JSON only (415),
 * parsable (400), an object (400).
 */
public final class JsonBodies {

    public static final int MAX_BYTES = 64 * 1024;

    private JsonBodies() {
    }

    /** The body as an object; an empty body is an empty object when {@code optional}. */
    public static JsonObject object(String body, MediaType type, boolean optional) {
        if (body == null || body.isBlank()) {
            if (optional) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            throw ProblemException.badRequest("A JSON object is required as the body.");
        }
        if (body.length() > MAX_BYTES / 4 && body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ProblemException(413, "payload_too_large", "Content too large",
                    "The body is larger than 64 KiB.");
        }
        if (type == null || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.getSubtype().endsWith("+json"))) {
            throw new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                    "The body must be application/json.");
        }
        JsonValue v;
        try {
            v = JsonValues.parse(body);
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("The body is not valid JSON.");
        } catch (RuntimeException e) {
            // Parsson refuses input nested deeper than its limit with a bare RuntimeException
            throw ProblemException.badRequest("The body is not valid JSON or nested too deeply.");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("The body must be a JSON object.");
        }
        return v.asJsonObject();
    }
}
