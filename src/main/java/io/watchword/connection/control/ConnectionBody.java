package io.watchword.connection.control;

import io.watchword.channel.MessageProvider;
import io.watchword.connection.entity.Connection;
import io.watchword.platform.FieldError;
import io.watchword.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.Set;

/**
 * What the parts of a connection body of a POST or PUT mean (contract §3, §11). In
 * {@code secrets}, an omitted secret, or {@code "***"}, keeps the stored value — unless the PUT
 * points the connection somewhere else, when every stored secret must be sent again, so a
 * secret never follows a new host.
 */
final class ConnectionBody {

    /** How responses show a stored secret, and how a PUT says "keep it". */
    static final String MASK = "***";
    /** Settings that say where a connection's messages go; changing one, or the provider, is an endpoint change. */
    static final Set<String> ENDPOINT_SETTINGS = Set.of("url", "baseUrl", "tokenUri", "host", "port", "environment");

    private static final String ENDPOINT_CHANGED = "must be sent again: the connection's endpoint changed "
            + "(url, baseUrl, tokenUri, host, port, provider or environment), and a stored secret never follows it";

    private ConnectionBody() {
    }

    /** The secrets of the body over the {@code stored} ones, errors added for what is wrong. */
    static Map<String, String> secrets(JsonObject body, Map<String, String> stored, List<FieldError> errors) {
        Map<String, String> result = new LinkedHashMap<>(stored);
        JsonObject given = object(body, "secrets", errors);
        if (given == null) {
            return result;
        }
        for (Entry<String, JsonValue> e : given.entrySet()) {
            if (e.getValue() == JsonValue.NULL) {
                result.remove(e.getKey());
            } else if (!(e.getValue() instanceof JsonString s)) {
                errors.add(new FieldError("secrets." + e.getKey(), "must be a string"));
            } else if (!MASK.equals(s.getString())) {
                result.put(e.getKey(), s.getString());
            } else if (!stored.containsKey(e.getKey())) {
                errors.add(new FieldError("secrets." + e.getKey(), "has no stored value to keep here"));
            }
        }
        return result;
    }

    /**
     * After an endpoint change: each stored secret the body neither sends again nor removes is an
     * error (and a "***" for one says why, instead of "no stored value").
     */
    static void requireSecretsAgain(JsonObject body, Map<String, String> stored, Map<String, String> secrets,
                             MessageProvider provider, List<FieldError> errors) {
        errors.replaceAll(e -> e.field().startsWith("secrets.") && stored.containsKey(e.field().substring(8))
                ? new FieldError(e.field(), ENDPOINT_CHANGED) : e);
        for (String k : stored.keySet()) {
            boolean removed = body.get("secrets") instanceof JsonObject given && given.get(k) == JsonValue.NULL;
            if (!removed && !secrets.containsKey(k) && (provider == null || provider.secretNames().contains(k))
                    && errors.stream().noneMatch(e -> e.field().equals("secrets." + k))) {
                errors.add(new FieldError("secrets." + k, ENDPOINT_CHANGED));
            }
        }
    }

    /** Whether a PUT points the connection somewhere else: another provider, or another endpoint setting. */
    static boolean movesEndpoint(Connection existing, JsonObject body) {
        if (!Objects.equals(existing.provider(), JsonValues.string(body, "provider"))) {
            return true;
        }
        JsonObject before = JsonValues.parseObject(existing.settings());
        JsonValue given = body.get("settings");
        JsonObject after = given instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        for (String k : ENDPOINT_SETTINGS) {
            if (!Objects.equals(normal(before.get(k)), normal(after.get(k)))) {
                return true;
            }
        }
        return false;
    }

    /** The object at {@code key} (empty when absent), or null with an error when it is not one. */
    static JsonObject object(JsonObject body, String key, List<FieldError> errors) {
        JsonValue v = body.get(key);
        if (v == null || v == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError(key, "must be an object"));
            return null;
        }
        return v.asJsonObject();
    }

    private static String normal(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        return v instanceof JsonString s ? s.getString().strip() : v.toString();
    }
}
