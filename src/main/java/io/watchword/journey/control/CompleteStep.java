package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.token.control.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code complete} step: the journey succeeds, with a completion token for the user the
 * journey authenticated — or without one when it authenticated nobody: there is no subject.
 */
@ApplicationScoped
@StepType(StepTypes.COMPLETE)
public class CompleteStep implements StepHandler {

    @Inject
    TokenService tokens;

    @Override
    public StepOutcome enter(StepDef step, FlowRun run) {
        String token = null;
        if (run.isUserAuthenticated()) {
            token = tokens.issue(String.valueOf(run.userContext().get(FlowRun.USER_ID)),
                    String.valueOf(run.userContext().get(FlowRun.CHANNEL)), run.journey().id(), run.baseUrl());
        }
        return new StepOutcome.End(ServiceResponse.success(token), Flow.Status.SUCCESS);
    }
}
