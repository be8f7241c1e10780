package io.watchword.journey.control;

import io.watchword.platform.JsonValues;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated journey document as the engine walks it. */
public record JourneyDefinition(String id, String start, Map<String, StepDef> steps) {

    public static JourneyDefinition of(JsonObject json) {
        Map<String, StepDef> steps = new LinkedHashMap<>();
        JsonObject s = json.getJsonObject("steps");
        s.forEach((id, v) -> steps.put(id, new StepDef(id, JsonValues.string(v.asJsonObject(), "type"),
                v.asJsonObject())));
        return new JourneyDefinition(JsonValues.string(json, "id"), JsonValues.string(json, "start"),
                java.util.Collections.unmodifiableMap(steps));
    }

    public StepDef step(String id) {
        StepDef s = steps.get(id);
        if (s == null) {
            throw new IllegalStateException("Journey " + this.id + " has no step " + id);
        }
        return s;
    }
}
