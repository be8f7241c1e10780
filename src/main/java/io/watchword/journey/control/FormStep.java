package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code form} step: asks the client for the fields of its schema. */
@ApplicationScoped
@StepType(StepTypes.FORM)
public class FormStep implements StepHandler {

    @Override
    public StepOutcome enter(StepDef step, FlowRun run) {
        return new StepOutcome.Wait(present(step));
    }

    @Override
    public boolean canWait(Flow flow) {
        return true;
    }

    @Override
    public StepOutcome answer(StepDef step, FlowRun run, String option, Map<String, Object> data) {
        return ClientOptions.FAILURE.equals(option) ? StepFailure.clientFailure() : submit(step, run, data);
    }

    public ServiceResponse present(StepDef step) {
        JsonObject schema = step.object("schema");
        return ServiceResponse.waiting(step.string("formId", step.id()),
                Map.of("formId", step.string("formId", step.id())),
                ClientOptions.of(schema == null ? JsonValue.EMPTY_JSON_OBJECT : schema, "Continue", false));
    }

    public StepOutcome submit(StepDef step, FlowRun run, Map<String, Object> data) {
        JsonObject schema = step.object("schema");
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (schema != null) {
            schema.forEach((field, spec) -> check(field, spec.asJsonObject(), data.get(field), errors, values));
        }
        if (!errors.isEmpty()) {
            List<Map<String, Object>> list = errors.stream()
                    .map(e -> Map.<String, Object>of("field", e.field(), "message", e.message())).toList();
            return new StepOutcome.Wait(present(step).updateRequired(ErrorCodes.CLIENT_RESPONSE_NOT_VALID,
                    "The input does not match the form.", Map.of("errors", list)));
        }
        run.variables().put(step.string("output", step.id()), values);
        return new StepOutcome.Next(step.next());
    }

    private static void check(String field, JsonObject spec, Object value, List<FieldError> errors,
                              Map<String, Object> values) {
        boolean required = spec.getBoolean("required", false);
        if (value == null || (value instanceof String s && s.isEmpty() && required)) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return;
        }
        String type = spec.getString("type", "string");
        boolean ok = switch (type) {
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> value instanceof String s && s.length() <= 1000;
        };
        if (!ok) {
            errors.add(new FieldError(field, "string".equals(type)
                    ? "must be a string of at most 1000 characters" : "must be a " + type));
            return;
        }
        values.put(field, value instanceof Number n && !(n instanceof BigDecimal) ? n : value);
    }
}
