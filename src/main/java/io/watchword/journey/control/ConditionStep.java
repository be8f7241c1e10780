package io.watchword.journey.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code condition} step: {@code then} when {@code if} is true (Boolean true or the text "true"), else {@code else}. */
@ApplicationScoped
@StepType(StepTypes.CONDITION)
public class ConditionStep implements StepHandler {

    private final Expressions expressions;

    @Inject
    public ConditionStep(Expressions expressions) {
        this.expressions = expressions;
    }

    /** For CDI's client proxy only. */
    protected ConditionStep() {
        this.expressions = null;
    }

    @Override
    public StepOutcome enter(StepDef step, FlowRun run) {
        try {
            boolean yes = expressions.isTrue(expressions.evaluate(step.string(JourneyFields.IF), run.variables(), run.policy()));
            return new StepOutcome.Next(step.string(yes ? JourneyFields.THEN : JourneyFields.ELSE));
        } catch (ExpressionException e) {
            return StepFailure.expression(step, e.getMessage());
        }
    }
}
