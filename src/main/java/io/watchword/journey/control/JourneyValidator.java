package io.watchword.journey.control;

import static io.watchword.journey.control.DefinitionChecks.path;
import static io.watchword.journey.control.JourneyFields.*;

import io.watchword.platform.FieldError;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a journey document before it is stored (contract §2) and reports every error found,
 * each at the dotted JSON path of the field at fault ({@code steps.otp.email.subject}).
 * <p>
 * Unknown fields are ignored, at every level: documents written for a later version of
 * Watchword (or carrying an admin's own notes) still load. Connections are not looked up
 * here: they are resolved when a step runs.
 */
@ApplicationScoped
public class JourneyValidator {

    static final int MAX_ID = 100;

    private final Expressions expressions;

    /** The code length and SMS segment limit of the length check (contract §10); defaults without CDI. */
    @Inject
    Settings settings;

    @Inject
    public JourneyValidator(Expressions expressions) {
        this.expressions = expressions;
    }

    /** For CDI's client proxy only. */
    protected JourneyValidator() {
        this.expressions = null;
    }

    /** Every error of {@code definition}; empty when it may be stored. */
    public List<FieldError> validate(JsonObject definition) {
        DefinitionChecks checks = new DefinitionChecks(expressions);
        String id = checks.string(definition, "", ID, true);
        if (id != null && id.length() > MAX_ID) {
            checks.error(ID, "must be at most " + MAX_ID + " characters"); // the width of ww_journey.id
        }
        String start = checks.string(definition, "", START, true);
        JsonObject steps = checks.object(definition, "", STEPS, true);
        if (steps == null) {
            return checks.errors();
        }
        if (start != null && !steps.containsKey(start)) {
            checks.error(START, "names no step: '" + start + "'");
        }
        for (Map.Entry<String, JsonValue> step : steps.entrySet()) {
            String at = path(STEPS, step.getKey());
            if (step.getKey().length() > MAX_ID) {
                checks.error(at, "a step id must be at most " + MAX_ID + " characters"); // ww_flow.current_step
            }
            if (step.getValue().getValueType() != JsonValue.ValueType.OBJECT) {
                checks.error(at, "must be an object");
            } else {
                validateStep(step.getValue().asJsonObject(), at, steps.keySet(), checks);
            }
        }
        return checks.errors();
    }

    private void validateStep(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
        String type = checks.string(step, at, TYPE, true);
        if (type == null) {
            return;
        }
        if (!StepTypes.isKnown(type)) {
            checks.error(path(at, TYPE), "unknown step type '" + type + "'; known types: " + String.join(", ", StepTypes.ALL));
            return;
        }
        if (StepTypes.hasNext(type)) {
            checks.stepReference(step, at, NEXT, true, stepIds);
        }
        switch (type) {
            case StepTypes.FORM -> validateForm(step, at, checks);
            case StepTypes.GENERIC_OTP_AUTHENTICATION -> new OtpStepValidator(checks, limits()).validate(step, at, stepIds);
            case StepTypes.SET_VARIABLES -> validateSetVariables(step, at, checks);
            case StepTypes.CONDITION -> {
                checks.expression(step, at, IF, true);
                checks.stepReference(step, at, THEN, true, stepIds);
                checks.stepReference(step, at, ELSE, true, stepIds);
            }
            case StepTypes.REJECT -> checks.template(step, at, REASON, false, false);
            default -> {
                // complete: nothing to check
            }
        }
    }

    private MessageChecks.Limits limits() {
        return settings == null ? MessageChecks.Limits.DEFAULT
                : new MessageChecks.Limits(settings.otpLength(), settings.smsMaxSegments());
    }

    private static void validateForm(JsonObject form, String at, DefinitionChecks checks) {
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

    private static void validateSetVariables(JsonObject step, String at, DefinitionChecks checks) {
        JsonObject variables = checks.object(step, at, VARIABLES, true);
        if (variables == null) {
            return;
        }
        for (Map.Entry<String, JsonValue> variable : variables.entrySet()) {
            String variableAt = path(path(at, VARIABLES), variable.getKey());
            checks.variableNameText(variableAt, variable.getKey());
            if (variable.getValue().getValueType() != JsonValue.ValueType.STRING) {
                checks.error(variableAt, "must be an expression in a string, such as \"5\" or \"identify.email\"");
            } else {
                checks.expressionText(variableAt, ((JsonString) variable.getValue()).getString());
            }
        }
    }
}
