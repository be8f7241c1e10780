package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import java.util.Map;

/**
 * What a kind of journey step does (contract §2): a CDI bean named by its {@link StepType}.
 * Steps that only compute implement {@link #enter}; steps that wait for the client also take
 * its answers.
 */
public interface StepHandler {

    /** The flow reaches the step. */
    StepOutcome enter(StepDef step, FlowRun run);

    /**
     * Whether a flow can be waiting at this step: false for steps that never wait, and for one
     * whose journey was replaced since the flow stopped there.
     */
    default boolean canWait(Flow flow) {
        return false;
    }

    /** Whether the waiting step takes {@code option} (cancel and failure are taken by every waiting step). */
    default boolean takes(String option) {
        return ClientOptions.CLIENT_INPUT.equals(option);
    }

    /** The client's answer to the waiting step: {@code option} is one it {@link #takes}, or failure. */
    default StepOutcome answer(StepDef step, FlowRun run, String option, Map<String, Object> data) {
        throw new IllegalStateException("The step type " + step.type() + " never waits");
    }

    /** Whether a failure of the step takes its {@code onFailure} branch rather than rejecting the journey. */
    default boolean branchesOnFailure(StepDef step) {
        return false;
    }
}
