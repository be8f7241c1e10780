package io.watchword.journey.control;

import static io.watchword.journey.control.DefinitionChecks.path;
import static io.watchword.journey.control.JourneyFields.*;

import io.watchword.platform.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** Each step type's rules, by type (in the order of their names). */
    private final Map<String, StepValidator> validators;

    @Inject
    public JourneyValidator(Expressions expressions, @Any Instance<StepValidator> validators) {
        this(expressions, StepType.Index.of(validators));
    }

    JourneyValidator(Expressions expressions, Map<String, StepValidator> validators) {
        this.expressions = expressions;
        this.validators = new TreeMap<>(validators);
    }

    /** For CDI's client proxy only. */
    protected JourneyValidator() {
        this.expressions = null;
        this.validators = null;
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
        StepValidator rules = validators.get(type);
        if (rules == null) {
            checks.error(path(at, TYPE), "unknown step type '" + type + "'; known types: " + String.join(", ", validators.keySet()));
            return;
        }
        if (rules.continues()) {
            checks.stepReference(step, at, NEXT, true, stepIds);
        }
        rules.validate(step, at, stepIds, checks);
    }
}
