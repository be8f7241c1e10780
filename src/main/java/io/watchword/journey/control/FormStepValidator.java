package io.watchword.journey.control;

import static io.watchword.journey.control.DefinitionChecks.path;
import static io.watchword.journey.control.JourneyFields.*;

import jakarta.enterprise.context.Dependent;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/** The rules of a {@code form} step: its id, output variable and the fields of its schema. */
@Dependent
@StepType(StepTypes.FORM)
class FormStepValidator implements StepValidator {

    @Override
    public boolean continues() {
        return true;
    }

    @Override
    public void validate(JsonObject form, String at, Set<String> stepIds, DefinitionChecks checks) {
        checks.string(form, at, FORM_ID, true);
        checks.variableName(form, at, OUTPUT);
        JsonObject schema = checks.object(form, at, SCHEMA, true);
        if (schema == null) {
            return;
        }
        String schemaAt = path(at, SCHEMA);
        for (Map.Entry<String, JsonValue> field : schema.entrySet()) {
            String fieldAt = path(schemaAt, field.getKey());
            if (field.getValue().getValueType() != JsonValue.ValueType.OBJECT) {
                checks.error(fieldAt, "must be an object such as {\"type\": \"string\", \"required\": true}");
                continue;
            }
            JsonObject spec = field.getValue().asJsonObject();
            String fieldType = checks.string(spec, fieldAt, FIELD_TYPE, true);
            if (fieldType != null && !FIELD_TYPES.contains(fieldType)) {
                checks.error(path(fieldAt, FIELD_TYPE), "must be one of " + String.join(", ", FIELD_TYPES));
            }
            JsonValue required = spec.get(FIELD_REQUIRED);
            if (required != null && required.getValueType() != JsonValue.ValueType.TRUE
                    && required.getValueType() != JsonValue.ValueType.FALSE) {
                checks.error(path(fieldAt, FIELD_REQUIRED), "must be true or false");
            }
        }
    }
}
