package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;

/** What running or answering a step leads to. */
public sealed interface StepOutcome {

    /** The step waits for the client with this response. */
    record Wait(ServiceResponse response) implements StepOutcome {
    }

    /** Go on with another step. */
    record Next(String stepId) implements StepOutcome {
    }

    /** The step failed: its failure behaviour decides what follows. */
    record Fail(StepFailure failure) implements StepOutcome {
    }

    /**
     * The step has issued a passcode that must now be delivered: the flow waits at the step
     * while the send runs outside the request's transaction; how it went decides what follows.
     */
    record Deliver(OtpDispatch dispatch) implements StepOutcome {
    }

    /** The journey ended. */
    record End(ServiceResponse response, Flow.Status status) implements StepOutcome {
    }
}
