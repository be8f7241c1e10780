package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.platform.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code reject} step: ends the journey with {@code journey_rejected} and the interpolated {@code reason}. */
@ApplicationScoped
@StepType(StepTypes.REJECT)
public class RejectStep implements StepHandler {

    private final Expressions expressions;

    @Inject
    public RejectStep(Expressions expressions) {
        this.expressions = expressions;
    }

    /** For CDI's client proxy only. */
    protected RejectStep() {
        this.expressions = null;
    }

    @Override
    public StepOutcome enter(StepDef step, FlowRun run) {
        String reason = step.string(JourneyFields.REASON);
        try {
            return new StepOutcome.End(ServiceResponse.rejection(ErrorCodes.JOURNEY_REJECTED, reason == null
                    ? "The journey was rejected." : expressions.interpolate(reason, run.variables(), run.policy()), null),
                    Flow.Status.REJECTED);
        } catch (ExpressionException e) {
            return StepFailure.expression(step, "reason: " + e.getMessage());
        }
    }
}
