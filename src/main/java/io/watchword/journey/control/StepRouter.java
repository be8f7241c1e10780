package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.platform.ErrorCodes;

/**
 * Where a request leaves a flow: follows step outcomes ({@code next}, branches, failures)
 * until a step waits for the client or the journey ends. Pure: what a step does when it is
 * entered is the {@link StepRunner}'s business, so the routing rules are testable without a
 * container.
 * <p>
 * Failure rules (contract §2): a failed step writes its error variable
 * ({@code errorOutputVariable}, default {@code error}) as {@code {code, message, details}};
 * a step whose handler {@link StepHandler#branchesOnFailure branches} (an OTP step with
 * {@code failureBehavior} {@code failure_branch}, the default) then goes to {@code onFailure};
 * any other failure rejects the journey with the failure's code, message and details.
 */
public final class StepRouter {

    /** A journey that runs this many steps without waiting for the client loops. */
    public static final int MAX_STEPS_PER_REQUEST = 100;

    /** What the steps do: {@link StepHandlers#runner} in the engine, a script in tests. */
    public interface StepRunner {
        /** What the step does when the flow reaches it. */
        StepOutcome enter(StepDef step);

        /** Whether a failure of the step takes its {@code onFailure} branch rather than rejecting the journey. */
        boolean branchesOnFailure(StepDef step);
    }

    /**
     * Where the request stops: waiting at {@code waitingStep} with {@code response}, or
     * ended as {@code ended}; or waiting at {@code waitingStep} for the send {@code dispatch}
     * (no response yet: the send's outcome makes it).
     */
    public record Landing(ServiceResponse response, String waitingStep, Flow.Status ended, OtpDispatch dispatch) {
        public Landing(ServiceResponse response, String waitingStep, Flow.Status ended) {
            this(response, waitingStep, ended, null);
        }
    }

    private StepRouter() {
    }

    /** Runs the journey from its step {@code stepId} (the journey's start, on a new flow). */
    public static Landing from(FlowRun run, String stepId, StepRunner runner) {
        return route(run, null, new StepOutcome.Next(stepId), runner);
    }

    /** Follows {@code outcome}, the result of {@code current} (null before the first step). */
    public static Landing route(FlowRun run, StepDef current, StepOutcome outcome, StepRunner runner) {
        StepDef step = current;
        StepOutcome o = outcome;
        for (int i = 0; i < MAX_STEPS_PER_REQUEST; i++) {
            if (o instanceof StepOutcome.Wait w) {
                return new Landing(w.response(), step.id(), null);
            }
            if (o instanceof StepOutcome.Deliver d) {
                return new Landing(null, step.id(), null, d.dispatch());
            }
            if (o instanceof StepOutcome.End e) {
                return new Landing(e.response(), null, e.status());
            }
            if (o instanceof StepOutcome.Fail f) {
                o = failure(run, step, f.failure(), runner.branchesOnFailure(step));
            } else {
                String next = ((StepOutcome.Next) o).stepId();
                step = next == null ? null : run.journey().steps().get(next);
                if (step == null) {
                    // Validation prevents this; a journey replaced while a flow waits may not.
                    return rejected("The journey has no step '" + next + "'.");
                }
                o = runner.enter(step);
            }
        }
        return rejected("The journey ran " + MAX_STEPS_PER_REQUEST
                + " steps without waiting for the client: it loops.");
    }

    /** A failed step: its error variable, then its failure branch or the journey's rejection. */
    private static StepOutcome failure(FlowRun run, StepDef step, StepFailure f, boolean branches) {
        run.variables().put(step.string(JourneyFields.ERROR_OUTPUT_VARIABLE, JourneyFields.DEFAULT_ERROR_OUTPUT_VARIABLE), f.asVariable());
        run.flow().stepState(null);
        if (branches) {
            return new StepOutcome.Next(step.onFailure());
        }
        return new StepOutcome.End(ServiceResponse.rejection(f.code(), f.message(), f.details()), Flow.Status.REJECTED);
    }

    private static Landing rejected(String why) {
        return new Landing(ServiceResponse.rejection(ErrorCodes.JOURNEY_ERROR, why, null), null, Flow.Status.REJECTED);
    }
}
