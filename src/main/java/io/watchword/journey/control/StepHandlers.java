package io.watchword.journey.control;

import io.watchword.platform.ErrorCodes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;

/** Every {@link StepHandler} by its {@link StepType}, and the runner that routes a flow through them. */
@ApplicationScoped
public class StepHandlers {

    @Inject
    @Any
    Instance<StepHandler> beans;

    private Map<String, StepHandler> byType;

    @PostConstruct
    void index() {
        byType = StepType.Index.of(beans);
    }

    /** The handler of the step's type, or null for a type no handler runs (validation keeps those out). */
    public StepHandler of(StepDef step) {
        return byType.get(step.type());
    }

    /** Runs the steps of {@code run} as their handlers say. */
    public StepRouter.StepRunner runner(FlowRun run) {
        return new StepRouter.StepRunner() {
            @Override
            public StepOutcome enter(StepDef step) {
                StepHandler h = of(step);
                return h != null ? h.enter(step, run)
                        : new StepOutcome.Fail(StepFailure.of(ErrorCodes.JOURNEY_ERROR, "Unknown step type " + step.type()));
            }

            @Override
            public boolean branchesOnFailure(StepDef step) {
                StepHandler h = of(step);
                return h != null && h.branchesOnFailure(step);
            }
        };
    }
}
