package io.watchword.journey.control;

import static io.watchword.journey.control.Flows.authenticated;
import static io.watchword.journey.control.Flows.journey;
import static io.watchword.journey.control.Flows.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.journey.entity.Flow;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogicStepsTest {

    private final SetVariablesStep setVariables = new SetVariablesStep(new Expressions());
    private final ConditionStep condition = new ConditionStep(new Expressions());
    private final RejectStep reject = new RejectStep(new Expressions());

    @Test
    void setVariablesEvaluatesInOrderEachSeeingTheOnesBefore() {
        FlowRun run = authenticated(journey("{'first':{'type':'set_variables','variables':{"
                + "'who':'@policy.userContext().user_id','tier':'@policy.request().params.tier',"
                + "'label':'who.concat(\\'/\\').concat(tier)','authed':'@policy.isUserAuthenticated()'},"
                + "'next':'done'},'done':{'type':'complete'}}"), "+15551234567", "{\"tier\":\"gold\"}");

        StepOutcome outcome = setVariables.enter(run.journey().step("first"), run);

        assertThat(outcome).isEqualTo(new StepOutcome.Next("done"));
        assertThat(run.variables()).containsEntry("who", "+15551234567").containsEntry("tier", "gold")
                .containsEntry("label", "+15551234567/gold").containsEntry("authed", true);
    }

    @Test
    void aFailingVariableSetsNoneOfThem() {
        FlowRun run = run(journey("{'first':{'type':'set_variables','variables':{'a':'1','b':'a / 0'},"
                + "'next':'done'},'done':{'type':'complete'}}"));

        StepOutcome outcome = setVariables.enter(run.journey().step("first"), run);

        assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
        StepFailure failure = ((StepOutcome.Fail) outcome).failure();
        assertThat(failure.code()).isEqualTo("expression_error");
        assertThat(failure.message()).startsWith("Step 'first' failed: variable 'b': ").contains("division by zero");
        assertThat(run.variables()).doesNotContainKey("a");
    }

    @Test
    void conditionSeesTheUserContext() {
        String steps = "{'first':{'type':'condition','if':'@policy.isUserAuthenticated() && "
                + "@policy.userContext().channel == \\'sms\\'','then':'yes','else':'no'},"
                + "'yes':{'type':'complete'},'no':{'type':'complete'}}";

        assertThat(condition.enter(journey(steps).step("first"), authenticated(journey(steps), "u1", null)))
                .isEqualTo(new StepOutcome.Next("yes"));
        assertThat(condition.enter(journey(steps).step("first"), run(journey(steps))))
                .isEqualTo(new StepOutcome.Next("no"));
    }

    @Test
    void conditionThatIsNotBooleanTakesElse() {
        FlowRun run = run(journey("{'first':{'type':'condition','if':'\\'yes\\'','then':'a','else':'b'},"
                + "'a':{'type':'complete'},'b':{'type':'complete'}}"));

        assertThat(condition.enter(run.journey().step("first"), run)).isEqualTo(new StepOutcome.Next("b"));
    }

    @Test
    void conditionThatFailsIsAStepFailureNamingTheStep() {
        FlowRun run = run(journey("{'first':{'type':'condition','if':'who.substring(50) == \\'x\\'','then':'a',"
                + "'else':'b'},'a':{'type':'complete'},'b':{'type':'complete'}}"));
        run.variables().put("who", "jane");

        StepOutcome outcome = condition.enter(run.journey().step("first"), run);

        assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
        assertThat(((StepOutcome.Fail) outcome).failure().message()).startsWith("Step 'first' failed: ");
    }

    @Test
    void rejectInterpolatesItsReason() {
        FlowRun run = run(journey("{'first':{'type':'reject','reason':'No entry for ${who}${nobody}.'}}"));
        run.variables().put("who", "jane");

        StepOutcome outcome = reject.enter(run.journey().step("first"), run);

        assertThat(outcome).isInstanceOf(StepOutcome.End.class);
        StepOutcome.End end = (StepOutcome.End) outcome;
        assertThat(end.status()).isEqualTo(Flow.Status.REJECTED);
        assertThat(end.response().errorData()).isEqualTo(
                new ServiceResponse.ErrorData("journey_rejected", "No entry for jane.", null));
    }

    @Test
    void rejectWithoutReasonSaysTheJourneyWasRejected() {
        FlowRun run = run(journey("{'first':{'type':'reject'}}"));

        StepOutcome.End end = (StepOutcome.End) reject.enter(run.journey().step("first"), run);

        assertThat(end.response().errorData().description()).isEqualTo("The journey was rejected.");
        assertThat(run.variables()).isEqualTo(Map.of());
    }
}
