package io.watchword.journey.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code set_variables} step: evaluates the variables in order, each seeing those before it;
 * all or none are set, so a failure (division by zero, a method on a missing value) leaves the
 * flow's variables as they were and fails the step with {@code expression_error}.
 */
@ApplicationScoped
@StepType(StepTypes.SET_VARIABLES)
public class SetVariablesStep implements StepHandler {

    private final Expressions expressions;

    @Inject
    public SetVariablesStep(Expressions expressions) {
        this.expressions = expressions;
    }

    /** For CDI's client proxy only. */
    protected SetVariablesStep() {
        this.expressions = null;
    }

    @Override
    public StepOutcome enter(StepDef step, FlowRun run) {
        JsonObject variables = step.object(JourneyFields.VARIABLES);
        Map<String, Object> scope = new LinkedHashMap<>(run.variables());
        if (variables != null) {
            for (Map.Entry<String, JsonValue> v : variables.entrySet()) {
                try {
                    scope.put(v.getKey(), expressions.evaluate(((JsonString) v.getValue()).getString(), scope, run.policy()));
                } catch (ExpressionException e) {
                    return StepFailure.expression(step, "variable '" + v.getKey() + "': " + e.getMessage());
                }
            }
        }
        run.variables().putAll(scope);
        return new StepOutcome.Next(step.next());
    }
}
