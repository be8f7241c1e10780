package io.watchword.journey.control;

import static io.watchword.journey.control.Flows.journey;
import static io.watchword.journey.control.Flows.run;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormStepTest {

    private final FormStep form = new FormStep();
    private final FlowRun run = run(journey("{'first':{'type':'form','formId':'identify','output':'who','next':'otp',"
            + "'schema':{'email':{'type':'string','required':true},'age':{'type':'number'},"
            + "'remember':{'type':'boolean','required':false}}},'otp':{'type':'complete'}}"));
    private final StepDef step = run.journey().step("first");

    private static Map<String, Object> errorsOf(StepOutcome outcome) {
        assertThat(outcome).isInstanceOf(StepOutcome.Wait.class);
        JsonObject json = ((StepOutcome.Wait) outcome).response().toJson();
        assertThat(json.getString("type")).isEqualTo("client_input_update_required");
        assertThat(json.getJsonObject("errorData").getString("errorCode")).isEqualTo("client_response_not_valid");
        Map<String, Object> byField = new HashMap<>();
        json.getJsonObject("errorData").getJsonObject("data").getJsonArray("errors").forEach(e ->
                byField.put(e.asJsonObject().getString("field"), e.asJsonObject().getString("message")));
        return byField;
    }

    @Test
    void presentsTheFormWithItsIdAndSchema() {
        JsonObject json = form.present(step).toJson();

        assertThat(json.getString("type")).isEqualTo("client_input_required");
        assertThat(json.getString("journeyStepId")).isEqualTo("identify");
        assertThat(json.getJsonObject("data").getString("formId")).isEqualTo("identify");
        JsonObject input = json.getJsonObject("clientResponseOptions").getJsonObject("client_input");
        assertThat(input.getString("type")).isEqualTo("client_input");
        assertThat(input.getJsonObject("schema")).isEqualTo(step.object("schema"));
        assertThat(json.getJsonObject("clientResponseOptions").keySet()).containsExactly("client_input", "cancel");
    }

    @Test
    void validInputGoesToTheOutputVariableAndOn() {
        StepOutcome outcome = form.submit(step, run, Map.of("email", "jane@example.com", "age", 41L,
                "remember", true, "extra", "dropped"));

        assertThat(outcome).isEqualTo(new StepOutcome.Next("otp"));
        assertThat(run.variables().get("who")).isEqualTo(Map.of("email", "jane@example.com", "age", 41L, "remember", true));
    }

    @Test
    void decimalNumbersAreNumbers() {
        assertThat(form.submit(step, run, Map.of("email", "a@b.c", "age", new BigDecimal("41.5"))))
                .isEqualTo(new StepOutcome.Next("otp"));
    }

    @Test
    void missingRequiredFieldIsReported() {
        assertThat(errorsOf(form.submit(step, run, Map.of()))).isEqualTo(Map.of("email", "is required"));
    }

    @Test
    void emptyRequiredStringIsMissing() {
        assertThat(errorsOf(form.submit(step, run, Map.of("email", "")))).containsOnlyKeys("email");
    }

    @Test
    void everyWrongTypeIsReportedAtOnce() {
        Map<String, Object> errors = errorsOf(form.submit(step, run,
                Map.of("email", 5L, "age", "forty", "remember", "yes")));

        assertThat(errors).isEqualTo(Map.of("email", "must be a string of at most 1000 characters",
                "age", "must be a number", "remember", "must be a boolean"));
        assertThat(run.variables()).doesNotContainKey("who");
    }

    @Test
    void overlongStringIsRefused() {
        assertThat(errorsOf(form.submit(step, run, Map.of("email", "x".repeat(1001))))).containsOnlyKeys("email");
    }

    @Test
    void outputDefaultsToTheStepId() {
        FlowRun r = run(journey("{'first':{'type':'form','formId':'f','schema':{'a':{'type':'string'}},'next':'x'},"
                + "'x':{'type':'complete'}}"));

        form.submit(r.journey().step("first"), r, Map.of("a", "b"));

        assertThat(r.variables().get("first")).isEqualTo(Map.of("a", "b"));
        assertThat(List.copyOf(r.variables().keySet())).containsExactly("first");
    }
}
