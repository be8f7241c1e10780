package io.watchword.platform;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds RFC 9457 problem documents; the only place that knows their shape. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_PREFIX = "urn:watchword:problem:";

    private Problems() {
    }

    public static JsonObject document(int status, String code, String title, String detail,
                                      List<FieldError> errors, Map<String, Object> extensions) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("type", code == null ? "about:blank" : TYPE_PREFIX + code)
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail);
        if (!errors.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (FieldError e : errors) {
                a.add(Json.createObjectBuilder().add("field", e.field()).add("message", e.message()));
            }
            b.add("errors", a);
        }
        extensions.forEach((k, v) -> b.add(k, JsonValues.toJson(v)));
        return b.build();
    }

    public static Response response(ProblemException p) {
        Response.ResponseBuilder r = Response.status(p.status())
                .type(PROBLEM_JSON)
                .entity(document(p.status(), p.code(), p.title(), p.detail(), p.errors(),
                        p.extensions()).toString());
        p.headers().forEach(r::header);
        return r.build();
    }

    /** Standard reason phrases for statuses the container produces. */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content too large";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Request refused";
        };
    }

    public static String code(int status) {
        return switch (status) {
            case 400 -> ErrorCodes.BAD_REQUEST;
            case 401 -> ErrorCodes.UNAUTHORIZED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCodes.NOT_ACCEPTABLE;
            case 409 -> ErrorCodes.CONFLICT;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCodes.RATE_LIMITED;
            default -> status >= 500 ? ErrorCodes.INTERNAL_ERROR : ErrorCodes.REQUEST_REFUSED;
        };
    }
}
