package io.watchword.channel.provider.fcm;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * FCM v1's error body: a Google API {@code error} with {@code status} and {@code message}, and
 * the FCM-specific code in {@code details[]} ({@code @type …FcmError}, {@code errorCode}).
 */
record FcmError(String status, String message, String errorCode) {

    static FcmError of(JsonObject body) {
        JsonObject error = body.get("error") instanceof JsonObject e ? e : JsonValue.EMPTY_JSON_OBJECT;
        String errorCode = "";
        if (error.get("details") instanceof JsonArray details) {
            for (JsonValue d : details) {
                if (d instanceof JsonObject o && o.get("errorCode") instanceof JsonString s) {
                    errorCode = s.getString();
                    break;
                }
            }
        }
        return new FcmError(text(error, "status"), text(error, "message"), errorCode);
    }

    /**
     * The registration token is dead. Besides {@code errorCode: UNREGISTERED}, a
     * {@code NOT_FOUND} whose message says "UNREGISTERED" is taken as the same answer (older
     * responses carry it only there).
     */
    boolean unregistered() {
        return "UNREGISTERED".equals(errorCode)
                || "NOT_FOUND".equals(status) && message.contains("UNREGISTERED");
    }

    /** "HTTP 404 UNREGISTERED": the status and FCM's error code, without the message text (safe for a client). */
    String code(int httpStatus) {
        String token = io.watchword.channel.DeliveryException.token(!errorCode.isEmpty() ? errorCode : status);
        return "HTTP " + httpStatus + (token == null ? "" : " " + token);
    }

    String describe(int httpStatus) {
        StringBuilder s = new StringBuilder("HTTP ").append(httpStatus);
        if (!errorCode.isEmpty()) {
            s.append(' ').append(errorCode);
        } else if (!status.isEmpty()) {
            s.append(' ').append(status);
        }
        if (!message.isEmpty()) {
            s.append(": ").append(message);
        }
        return s.toString();
    }

    private static String text(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : "";
    }
}
