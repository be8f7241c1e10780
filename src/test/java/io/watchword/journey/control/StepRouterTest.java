package io.watchword.journey.control;

import io.watchword.platform.ErrorCodes;
import static io.watchword.journey.control.Flows.journey;
import static io.watchword.journey.control.Flows.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.journey.control.StepRouter.Landing;
import io.watchword.journey.entity.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Branch selection and failure handling of the engine, with the steps' effects scripted. */
class StepRouterTest {

    private static final StepFailure TOO_MANY = new StepFailure(ErrorCodes.MAX_ATTEMPTS_EXCEEDED,
            "Too many wrong passcodes.", Map.of("attempts", 3L));

    private final List<String> entered = new ArrayList<>();

    /** Forms wait, OTP steps fail with TOO_MANY (and branch as the real OTP step does), other steps run for real. */
    private StepRouter.StepRunner runner(FlowRun run) {
        Expressions expressions = new Expressions();
        return new StepRouter.StepRunner() {
            @Override
            public StepOutcome enter(StepDef step) {
                entered.add(step.id());
                return switch (step.type()) {
                    case StepTypes.FORM -> new StepOutcome.Wait(ServiceResponse.waiting(step.id(), Map.of(), null));
                    case StepTypes.GENERIC_OTP_AUTHENTICATION -> new StepOutcome.Fail(TOO_MANY);
                    case StepTypes.SET_VARIABLES -> new SetVariablesStep(expressions).enter(step, run);
                    case StepTypes.CONDITION -> new ConditionStep(expressions).enter(step, run);
                    case StepTypes.REJECT -> new RejectStep(expressions).enter(step, run);
                    default -> new StepOutcome.End(ServiceResponse.success(null), Flow.Status.SUCCESS);
                };
            }

            @Override
            public boolean branchesOnFailure(StepDef step) {
                return StepTypes.GENERIC_OTP_AUTHENTICATION.equals(step.type()) && new OtpStep().branchesOnFailure(step);
            }
        };
    }

    private Landing start(FlowRun run) {
        return StepRouter.from(run, run.journey().start(), runner(run));
    }

    @Test
    void runsBackendStepsUntilAFormWaits() {
        FlowRun run = run(journey("{'first':{'type':'set_variables','variables':{'x':'1'},'next':'ask'},"
                + "'ask':{'type':'form','formId':'ask','schema':{},'next':'done'},'done':{'type':'complete'}}"));

        Landing landing = start(run);

        assertThat(landing.waitingStep()).isEqualTo("ask");
        assertThat(landing.ended()).isNull();
        assertThat(entered).containsExactly("first", "ask");
    }

    @Test
    void conditionTakesThenWhenTrueAndElseOtherwise() {
        String steps = "{'first':{'type':'condition','if':'@policy.request().params.tier == \\'gold\\'',"
                + "'then':'gold','else':'plain'},"
                + "'gold':{'type':'reject','reason':'gold'},'plain':{'type':'complete'}}";

        Landing gold = start(run(journey(steps), "{\"tier\":\"gold\"}"));
        Landing plain = start(run(journey(steps), "{\"tier\":\"silver\"}"));

        assertThat(gold.ended()).isEqualTo(Flow.Status.REJECTED);
        assertThat(gold.response().errorData().description()).isEqualTo("gold");
        assertThat(plain.ended()).isEqualTo(Flow.Status.SUCCESS);
    }

    @Test
    void failedOtpStepWritesItsErrorVariableAndTakesItsFailureBranch() {
        FlowRun run = run(journey("{'first':{'type':'generic_otp_authentication','errorOutputVariable':'otpError',"
                + "'next':'done','onFailure':'failed'},'done':{'type':'complete'},"
                + "'failed':{'type':'reject','reason':'${otpError.code}: ${otpError.message}'}}"));

        Landing landing = start(run);

        assertThat(landing.ended()).isEqualTo(Flow.Status.REJECTED);
        assertThat(landing.response().errorData().errorCode()).isEqualTo("journey_rejected");
        assertThat(landing.response().errorData().description())
                .isEqualTo("max_attempts_exceeded: Too many wrong passcodes.");
        assertThat(run.variables().get("otpError")).isEqualTo(Map.of("code", "max_attempts_exceeded",
                "message", "Too many wrong passcodes.", "details", Map.of("attempts", 3L)));
    }

    @Test
    void errorVariableDefaultsToError() {
        FlowRun run = run(journey("{'first':{'type':'generic_otp_authentication','next':'done','onFailure':'failed'},"
                + "'done':{'type':'complete'},'failed':{'type':'reject','reason':'${error.message}'}}"));

        Landing landing = start(run);

        assertThat(landing.response().errorData().description()).isEqualTo("Too many wrong passcodes.");
    }

    @Test
    void abortRejectsWithTheFailureCodeMessageAndDetails() {
        FlowRun run = run(journey("{'first':{'type':'generic_otp_authentication','failureBehavior':'abort',"
                + "'next':'done','onFailure':'failed'},'done':{'type':'complete'},'failed':{'type':'complete'}}"));

        Landing landing = start(run);

        assertThat(landing.ended()).isEqualTo(Flow.Status.REJECTED);
        assertThat(landing.response().journeyStepId()).isEqualTo("action:rejection");
        assertThat(landing.response().errorData()).isEqualTo(new ServiceResponse.ErrorData(
                "max_attempts_exceeded", "Too many wrong passcodes.", Map.of("attempts", 3L)));
        assertThat(entered).containsExactly("first");
    }

    @Test
    void failureOfAStepWithoutFailureBranchAborts() {
        FlowRun run = run(journey("{'first':{'type':'set_variables','variables':{'x':'1 / 0'},'next':'done',"
                + "'onFailure':'done'},'done':{'type':'complete'}}"));

        Landing landing = start(run);

        assertThat(landing.ended()).isEqualTo(Flow.Status.REJECTED);
        assertThat(landing.response().errorData().errorCode()).isEqualTo("expression_error");
        assertThat(landing.response().errorData().description()).contains("Step 'first'").contains("division by zero");
        assertThat(run.variables().get("error")).isInstanceOf(Map.class);
        assertThat(entered).containsExactly("first");
    }

    @Test
    void failureClearsTheStepState() {
        FlowRun run = run(journey("{'first':{'type':'generic_otp_authentication','next':'done','onFailure':'done'},"
                + "'done':{'type':'complete'}}"));
        run.flow().stepState("{\"attemptId\":\"a\"}");

        start(run);

        assertThat(run.flow().stepState()).isNull();
    }

    @Test
    void aJourneyThatNeverWaitsIsRejectedAsALoop() {
        FlowRun run = run(journey("{'first':{'type':'set_variables','variables':{'x':'1'},'next':'second'},"
                + "'second':{'type':'condition','if':'true','then':'first','else':'first'}}"));

        Landing landing = start(run);

        assertThat(landing.ended()).isEqualTo(Flow.Status.REJECTED);
        assertThat(landing.response().errorData().errorCode()).isEqualTo("journey_error");
        assertThat(entered).hasSize(StepRouter.MAX_STEPS_PER_REQUEST);
    }

    @Test
    void aMissingStepRejectsTheJourneyInsteadOfFailingTheRequest() {
        FlowRun run = run(journey("{'first':{'type':'set_variables','variables':{'x':'1'},'next':'gone'}}"));

        Landing landing = start(run);

        assertThat(landing.ended()).isEqualTo(Flow.Status.REJECTED);
        assertThat(landing.response().errorData().description()).isEqualTo("The journey has no step 'gone'.");
    }

    @Test
    void aWaitingStepsAnswerIsRoutedFromThatStep() {
        FlowRun run = run(journey("{'first':{'type':'form','formId':'f','schema':{},'next':'done'},"
                + "'done':{'type':'complete'}}"));
        StepDef form = run.journey().step("first");

        Landing landing = StepRouter.route(run, form, new StepOutcome.Next("done"), runner(run));

        assertThat(landing.ended()).isEqualTo(Flow.Status.SUCCESS);
        assertThat(entered).containsExactly("done");
    }

    @Test
    void clientFailureOnAFormAbortsWithClientFailure() {
        FlowRun run = run(journey("{'first':{'type':'form','formId':'f','schema':{},'next':'done'},"
                + "'done':{'type':'complete'}}"));

        Landing landing = StepRouter.route(run, run.journey().step("first"),
                new StepOutcome.Fail(StepFailure.of(ErrorCodes.CLIENT_FAILURE, "The client reported that it cannot go on.")),
                runner(run));

        assertThat(landing.response().errorData().errorCode()).isEqualTo("client_failure");
    }
}
