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
            throw new ProblemException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Content too large",
                    "The body is larger than 64 KiB.");
        }
        if (type == null || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.getSubtype().endsWith("+json"))) {
            throw new ProblemException(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
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
        FieldError refused = refusedAt(v, "");
        if (refused != null) {
            throw ProblemException.invalid(refused.field().isEmpty() ? "body" : refused.field(), refused.message());
        }
        return v.asJsonObject();
    }

    /**
     * The first value no request may carry, with its dotted path, or null: text (or a member
     * name) holding NUL — PostgreSQL refuses it, and no name, address or code needs it — and a
     * number whose exponent is beyond ±{@value #MAX_EXPONENT}: {@code 1e999999999} parses
     * cheaply but printed as digits it is a billion characters (contract §11).
     */
    static FieldError refusedAt(JsonValue v, String path) {
        switch (v.getValueType()) {
            case STRING -> {
                return ((jakarta.json.JsonString) v).getString().indexOf('\0') >= 0 ? new FieldError(path, NUL) : null;
            }
            case NUMBER -> {
                java.math.BigDecimal d = ((jakarta.json.JsonNumber) v).bigDecimalValue();
                long exponent = (long) d.precision() - d.scale() - 1;
                return d.signum() != 0 && Math.abs(exponent) > MAX_EXPONENT
                        ? new FieldError(path, "must be a number with an exponent from -" + MAX_EXPONENT + " to " + MAX_EXPONENT)
                        : null;
            }
            case OBJECT -> {
                for (var e : v.asJsonObject().entrySet()) {
                    String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    FieldError found = e.getKey().indexOf('\0') >= 0 ? new FieldError(p, NUL) : refusedAt(e.getValue(), p);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            case ARRAY -> {
                var a = v.asJsonArray();
                for (int i = 0; i < a.size(); i++) {
                    FieldError found = refusedAt(a.get(i), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    static final int MAX_EXPONENT = 400;
    private static final String NUL = "must not contain a NUL character";
}
