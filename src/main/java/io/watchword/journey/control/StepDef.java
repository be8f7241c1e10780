package io.watchword.journey.control;

import io.watchword.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** One step of a journey definition, read from its JSON object. */
public record StepDef(String id, String type, JsonObject json) {

    public String string(String key) {
        return JsonValues.string(json, key);
    }

    public String string(String key, String fallback) {
        String s = string(key);
        return s == null ? fallback : s;
    }

    public JsonObject object(String key) {
        JsonValue v = json.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
    }

    public String next() {
        return string("next");
    }

    public String onFailure() {
        return string("onFailure");
    }
}
