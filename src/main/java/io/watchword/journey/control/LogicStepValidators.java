package io.watchword.journey.control;

import static io.watchword.journey.control.DefinitionChecks.path;
import static io.watchword.journey.control.JourneyFields.*;

import jakarta.enterprise.context.Dependent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/** The rules of the steps that only compute or end: each a validator bean of its own type. */
final class LogicStepValidators {

    private LogicStepValidators() {
    }

    /** {@code set_variables}: each variable a valid name holding an expression. */
    @Dependent
    @StepType(StepTypes.SET_VARIABLES)
    static class SetVariables implements StepValidator {
        @Override
        public boolean continues() {
            return true;
        }

        @Override
        public void validate(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
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

    /** {@code condition}: an expression and the two steps it chooses between. */
    @Dependent
    @StepType(StepTypes.CONDITION)
    static class Condition implements StepValidator {
        @Override
        public void validate(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
            checks.expression(step, at, IF, true);
            checks.stepReference(step, at, THEN, true, stepIds);
            checks.stepReference(step, at, ELSE, true, stepIds);
        }
    }

    /** {@code reject}: an optional reason, a template. */
    @Dependent
    @StepType(StepTypes.REJECT)
    static class Reject implements StepValidator {
        @Override
        public void validate(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
            checks.template(step, at, REASON, false, false);
        }
    }

    /** {@code complete}: nothing to check. */
    @Dependent
    @StepType(StepTypes.COMPLETE)
    static class Complete implements StepValidator {
        @Override
        public void validate(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
            // the journey ends here
        }
    }
}
