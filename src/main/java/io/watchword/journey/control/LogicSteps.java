package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps that only compute: {@code set_variables}, {@code condition} and {@code reject}.
 * An expression that fails while it runs (division by zero, a method on a missing value) is
 * a step failure with {@code expression_error} and a message naming the step — a journey
 * design error shown to the journey, never a server error.
 */
@ApplicationScoped
public class LogicSteps {

    static final String REJECTED = "journey_rejected";

    private final Expressions expressions;

    @Inject
    public LogicSteps(Expressions expressions) {
        this.expressions = expressions;
    }

    /** For CDI's client proxy only. */
    protected LogicSteps() {
        this.expressions = null;
    }

    /**
     * Evaluates the variables in order, each seeing those before it; all or none are set, so
     * a failure leaves the flow's variables as they were.
     */
    public StepOutcome setVariables(StepDef step, FlowRun run) {
        JsonObject variables = step.object("variables");
        Map<String, Object> scope = new LinkedHashMap<>(run.variables());
        if (variables != null) {
            for (Map.Entry<String, JsonValue> v : variables.entrySet()) {
                try {
                    scope.put(v.getKey(), expressions.evaluate(((JsonString) v.getValue()).getString(), scope, run.policy()));
                } catch (ExpressionException e) {
                    return failed(step, "variable '" + v.getKey() + "': " + e.getMessage());
                }
            }
        }
        run.variables().putAll(scope);
        return new StepOutcome.Next(step.next());
    }

    /** {@code then} when {@code if} is true (Boolean true or the text "true"), else {@code else}. */
    public StepOutcome condition(StepDef step, FlowRun run) {
        try {
            boolean yes = expressions.isTrue(expressions.evaluate(step.string("if"), run.variables(), run.policy()));
            return new StepOutcome.Next(step.string(yes ? "then" : "else"));
        } catch (ExpressionException e) {
            return failed(step, e.getMessage());
        }
    }

    /** Ends the journey: {@code journey_rejected} with the interpolated {@code reason}. */
    public StepOutcome reject(StepDef step, FlowRun run) {
        String reason = step.string("reason");
        try {
            return new StepOutcome.End(ServiceResponse.rejection(REJECTED, reason == null ? "The journey was rejected."
                    : expressions.interpolate(reason, run.variables(), run.policy()), null), Flow.Status.REJECTED);
        } catch (ExpressionException e) {
            return failed(step, "reason: " + e.getMessage());
        }
    }

    static StepOutcome failed(StepDef step, String message) {
        return new StepOutcome.Fail(StepFailure.of(StepFailure.EXPRESSION_ERROR,
                "Step '" + step.id() + "' failed: " + message));
    }
}
