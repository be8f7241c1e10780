package io.watchword.platform;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON-P values and the plain Java values journeys compute with
 * (Map, List, String, BigDecimal/Long, Boolean, null).
 */
public final class JsonValues {

    /**
     * The JSON-P provider, looked up once: every {@code JSON.createX} call does a ServiceLoader
     * lookup, which scans the deployment's jars under a lock and was the top cost of a journey
     * request under load. Use {@code JsonValues.JSON.createX} on paths that run per request.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonValues() {
    }

    public static JsonObject parseObject(String text) {
        try (JsonReader r = JSON.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    public static JsonValue parse(String text) {
        try (JsonReader r = JSON.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }

    public static Object toJava(JsonValue v) {
        if (v == null) {
            return null;
        }
        return switch (v.getValueType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                v.asJsonObject().forEach((k, x) -> m.put(k, toJava(x)));
                yield m;
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                v.asJsonArray().forEach(x -> l.add(toJava(x)));
                yield l;
            }
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> {
                JsonNumber n = (JsonNumber) v;
                yield n.isIntegral() ? (Object) n.longValue() : n.bigDecimalValue();
            }
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toJavaMap(JsonObject o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) toJava(o);
    }

    public static JsonValue toJson(Object o) {
        if (o == null) {
            return JsonValue.NULL;
        }
        if (o instanceof JsonValue j) {
            return j;
        }
        if (o instanceof String s) {
            return JSON.createValue(s);
        }
        if (o instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return JSON.createValue(((Number) o).longValue());
        }
        if (o instanceof BigDecimal d) {
            return JSON.createValue(d);
        }
        if (o instanceof BigInteger i) {
            return JSON.createValue(i);
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? JSON.createValue((long) d) : JSON.createValue(d);
        }
        if (o instanceof Instant t) {
            return JSON.createValue(Times.format(t));
        }
        if (o instanceof Map<?, ?> m) {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            m.forEach((k, v) -> b.add(String.valueOf(k), toJson(v)));
            return b.build();
        }
        if (o instanceof Collection<?> c) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            c.forEach(x -> b.add(toJson(x)));
            return b.build();
        }
        if (o instanceof Object[] a) {
            return toJson(List.of(a));
        }
        return JSON.createValue(String.valueOf(o));
    }

    public static JsonArray toJsonArray(Collection<?> c) {
        return toJson(c).asJsonArray();
    }

    /** A string member, or null when absent, null or not a string. */
    public static String string(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
