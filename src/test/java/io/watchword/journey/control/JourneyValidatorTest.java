package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.platform.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JourneyValidatorTest {

    /** The example journey of contract §2, verbatim. */
    private static final JsonObject EXAMPLE = json("""
            {
              "id": "otp_login_email",
              "start": "identify",
              "steps": {
                "identify": {"type": "form", "formId": "identify",
                             "schema": {"email": {"type": "string", "required": true}},
                             "output": "identify", "next": "otp"},
                "otp": {"type": "generic_otp_authentication",
                        "externalUserId": "identify.email",
                        "channel": "email",
                        "email": {"connection": "demo-email", "recipients": "identify.email",
                                  "subject": "Your Acme code", "senderName": "Acme",
                                  "body": "Your code is ${otp}. It expires in ${expiresInMinutes} minutes."},
                        "errorOutputVariable": "otpError",
                        "failureBehavior": "failure_branch",
                        "next": "done", "onFailure": "failed"},
                "done":   {"type": "complete"},
                "failed": {"type": "reject", "reason": "${otpError.message}"}
              }
            }
            """);

    private final JourneyValidator validator = StepValidators.journeyValidator();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private List<FieldError> errorsOf(JsonObject definition) {
        return validator.validate(definition);
    }

    private List<String> fieldsOf(JsonObject definition) {
        return errorsOf(definition).stream().map(FieldError::field).toList();
    }

    private static JsonObject withStep(String id, String step) {
        JsonObjectBuilder steps = Json.createObjectBuilder(EXAMPLE.getJsonObject("steps")).add(id, json(step));
        return Json.createObjectBuilder(EXAMPLE).add("steps", steps).build();
    }

    private static JsonObject withOtp(String field, String value) {
        return withStep("otp", Json.createObjectBuilder(otp()).add(field, value).build().toString());
    }

    private static JsonObject withoutOtp(String field) {
        return withStep("otp", Json.createObjectBuilder(otp()).remove(field).build().toString());
    }

    private static JsonObject withEmail(String field, String value) {
        JsonObject email = Json.createObjectBuilder(otp().getJsonObject("email")).add(field, value).build();
        return withStep("otp", Json.createObjectBuilder(otp()).add("email", email).build().toString());
    }

    private static JsonObject otp() {
        return EXAMPLE.getJsonObject("steps").getJsonObject("otp");
    }

    private static JsonObject withChannel(String channel, String settings) {
        return withStep("otp", Json.createObjectBuilder(otp()).remove("email")
                .add("channel", channel).add(channel, json(settings)).build().toString());
    }

    // --- the journey as a whole

    @Test
    void contractExampleJourneyIsValid() {
        assertThat(errorsOf(EXAMPLE)).isEmpty();
    }

    @Test
    void aConnectionArrayNamesConnectionsInTheOrderToTry() {
        assertThat(errorsOf(withChannel("sms", """
                {"connection": ["twilio-main", "sms-gw-backup"], "recipient": "identify.phone", "message": "${otp}"}
                """))).isEmpty();
    }

    @Test
    void aConnectionArrayMustBeNonEmptyDistinctNames() {
        assertThat(fieldsOf(withChannel("sms", """
                {"connection": [], "recipient": "identify.phone", "message": "${otp}"}
                """))).containsExactly("steps.otp.sms.connection");
        assertThat(fieldsOf(withChannel("sms", """
                {"connection": ["a", 7, "a", " "], "recipient": "identify.phone", "message": "${otp}"}
                """))).containsExactly("steps.otp.sms.connection.1", "steps.otp.sms.connection.2", "steps.otp.sms.connection.3");
        assertThat(fieldsOf(withChannel("sms", """
                {"connection": {"name": "a"}, "recipient": "identify.phone", "message": "${otp}"}
                """))).containsExactly("steps.otp.sms.connection");
    }

    @Test
    void missingIdIsReported() {
        assertThat(fieldsOf(Json.createObjectBuilder(EXAMPLE).remove("id").build())).containsExactly("id");
    }

    @Test
    void missingStartIsReported() {
        assertThat(fieldsOf(Json.createObjectBuilder(EXAMPLE).remove("start").build())).containsExactly("start");
    }

    @Test
    void startNamingNoStepIsReported() {
        List<FieldError> errors = errorsOf(Json.createObjectBuilder(EXAMPLE).add("start", "nowhere").build());
        assertThat(errors).containsExactly(new FieldError("start", "names no step: 'nowhere'"));
    }

    @Test
    void missingStepsAreReported() {
        assertThat(fieldsOf(Json.createObjectBuilder(EXAMPLE).remove("steps").build())).containsExactly("steps");
    }

    @Test
    void stepsThatAreNotAnObjectAreReported() {
        assertThat(errorsOf(Json.createObjectBuilder(EXAMPLE).add("steps", Json.createArrayBuilder()).build()))
                .containsExactly(new FieldError("steps", "must be an object"));
    }

    @Test
    void stepThatIsNotAnObjectIsReported() {
        JsonObject definition = Json.createObjectBuilder(EXAMPLE)
                .add("steps", Json.createObjectBuilder(EXAMPLE.getJsonObject("steps")).add("done", "complete")).build();
        assertThat(fieldsOf(definition)).containsExactly("steps.done");
    }

    @Test
    void unknownFieldsAreIgnored() {
        JsonObject definition = Json.createObjectBuilder(withOtp("x-note", "kept for later"))
                .add("description", "anything").build();
        assertThat(errorsOf(definition)).isEmpty();
    }

    @Test
    void definitionWithSeveralErrorsReportsAllOfThem() {
        JsonObject definition = json("""
                {
                  "start": "identify",
                  "steps": {
                    "identify": {"type": "form", "schema": {"email": {"type": "text"}}, "next": "otp"},
                    "otp": {"type": "generic_otp_authentication", "channel": "email",
                            "email": {"connection": "demo-email", "recipients": "identify.email ==",
                                      "subject": "Code\\nBcc: all@acme.com", "body": "${otp}"},
                            "next": "gone"},
                    "check": {"type": "condition", "if": "@policy.isUserAuthenticated()", "then": "done"},
                    "weird": {"type": "teleport"},
                    "done": {"type": "complete"},
                    "failed": {"type": "reject", "reason": "Failed: ${otp}"}
                  }
                }
                """);
        assertThat(fieldsOf(definition)).containsExactly(
                "id",
                "steps.identify.formId",
                "steps.identify.schema.email.type",
                "steps.otp.next",
                "steps.otp.externalUserId",
                "steps.otp.onFailure",
                "steps.otp.email.recipients",
                "steps.otp.email.subject",
                "steps.check.else",
                "steps.weird.type",
                "steps.failed.reason");
    }

    // --- every step

    @Test
    void missingStepTypeIsReported() {
        assertThat(errorsOf(withStep("done", "{}"))).containsExactly(new FieldError("steps.done.type", "is required"));
    }

    @Test
    void unknownStepTypeIsReported() {
        assertThat(errorsOf(withStep("done", "{\"type\": \"teleport\"}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.done.type");
            assertThat(e.message()).contains("teleport").contains("generic_otp_authentication");
        });
    }

    @Test
    void nextNamingNoStepIsReported() {
        assertThat(errorsOf(withOtp("next", "nowhere")))
                .containsExactly(new FieldError("steps.otp.next", "names no step: 'nowhere'"));
    }

    @Test
    void onFailureNamingNoStepIsReported() {
        assertThat(fieldsOf(withOtp("onFailure", "nowhere"))).containsExactly("steps.otp.onFailure");
    }

    @Test
    void thenAndElseNamingNoStepAreReported() {
        JsonObject definition = withStep("check", """
                {"type": "condition", "if": "true", "then": "up", "else": "down"}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.check.then", "steps.check.else");
    }

    @Test
    void stepsThatContinueNeedNext() {
        JsonObject definition = withStep("vars", """
                {"type": "set_variables", "variables": {"a": "1"}}""");
        assertThat(errorsOf(definition)).containsExactly(new FieldError("steps.vars.next", "is required"));
        assertThat(fieldsOf(withoutOtp("next"))).containsExactly("steps.otp.next");
    }

    @Test
    void endingStepsNeedNoNext() {
        assertThat(errorsOf(withStep("failed", "{\"type\": \"reject\"}"))).isEmpty();
        assertThat(errorsOf(withStep("done", "{\"type\": \"complete\"}"))).isEmpty();
    }

    // --- form

    @Test
    void formWithoutFormIdOrSchemaIsReported() {
        JsonObject definition = withStep("identify", """
                {"type": "form", "next": "otp"}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.identify.formId", "steps.identify.schema");
    }

    @Test
    void formFieldWithUnknownTypeIsReported() {
        JsonObject definition = withStep("identify", """
                {"type": "form", "formId": "identify", "next": "otp",
                 "schema": {"email": {"type": "text"}, "age": {"required": true}}}""");
        assertThat(errorsOf(definition)).containsExactly(
                new FieldError("steps.identify.schema.email.type", "must be one of string, number, boolean"),
                new FieldError("steps.identify.schema.age.type", "is required"));
    }

    @Test
    void formFieldRequiredMustBeBoolean() {
        JsonObject definition = withStep("identify", """
                {"type": "form", "formId": "identify", "next": "otp",
                 "schema": {"email": {"type": "string", "required": "yes"}, "nick": "string"}}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.identify.schema.email.required", "steps.identify.schema.nick");
    }

    @Test
    void formOutputMustBeAVariableName() {
        JsonObject definition = withStep("identify", """
                {"type": "form", "formId": "identify", "schema": {}, "output": "my-form", "next": "otp"}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.identify.output");
    }

    // --- generic_otp_authentication

    @Test
    void otpStepWithoutExternalUserIdIsReported() {
        assertThat(errorsOf(withoutOtp("externalUserId")))
                .containsExactly(new FieldError("steps.otp.externalUserId", "is required"));
    }

    @Test
    void externalUserIdThatDoesNotParseIsReportedWithTheParseMessage() {
        assertThat(errorsOf(withOtp("externalUserId", "identify.email =="))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.otp.externalUserId");
            assertThat(e.message()).contains("does not parse");
        });
    }

    @Test
    void unknownChannelIsReported() {
        assertThat(errorsOf(withOtp("channel", "pigeon")))
                .containsExactly(new FieldError("steps.otp.channel", "must be one of sms, email, push"));
    }

    @Test
    void missingChannelSettingsAreReported() {
        assertThat(fieldsOf(withOtp("channel", "sms"))).containsExactly("steps.otp.sms");
        assertThat(fieldsOf(withoutOtp("email"))).containsExactly("steps.otp.email");
    }

    @Test
    void unknownFailureBehaviorIsReported() {
        assertThat(fieldsOf(withOtp("failureBehavior", "retry"))).containsExactly("steps.otp.failureBehavior");
    }

    @Test
    void failureBranchByDefaultNeedsOnFailure() {
        JsonObject definition = withStep("otp", Json.createObjectBuilder(otp())
                .remove("failureBehavior").remove("onFailure").build().toString());
        assertThat(fieldsOf(definition)).containsExactly("steps.otp.onFailure");
    }

    @Test
    void explicitFailureBranchNeedsOnFailure() {
        assertThat(fieldsOf(withoutOtp("onFailure"))).containsExactly("steps.otp.onFailure");
    }

    @Test
    void abortNeedsNoOnFailure() {
        JsonObject definition = withStep("otp", Json.createObjectBuilder(otp())
                .add("failureBehavior", "abort").remove("onFailure").build().toString());
        assertThat(errorsOf(definition)).isEmpty();
    }

    @Test
    void errorOutputVariableMustBeAVariableName() {
        assertThat(fieldsOf(withOtp("errorOutputVariable", "otp error"))).containsExactly("steps.otp.errorOutputVariable");
        assertThat(fieldsOf(withOtp("errorOutputVariable", "empty"))).containsExactly("steps.otp.errorOutputVariable");
    }

    @Test
    void smsSettingsNeedConnectionRecipientAndMessage() {
        assertThat(fieldsOf(withChannel("sms", "{}")))
                .containsExactly("steps.otp.sms.connection", "steps.otp.sms.recipient", "steps.otp.sms.message");
    }

    @Test
    void smsSettingsWithParseErrorsAreReportedAtTheirFields() {
        JsonObject definition = withChannel("sms", """
                {"connection": "demo-sms", "recipient": "identify.phone +", "from": "${brand", "message": "Code ${otp}"}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.otp.sms.recipient", "steps.otp.sms.from");
    }

    @Test
    void validSmsSettingsPass() {
        JsonObject definition = withChannel("sms", """
                {"connection": "demo-sms", "recipient": "identify.phone", "from": "Acme",
                 "message": "Your code is ${otp}, valid ${expiresInSeconds} s"}""");
        assertThat(errorsOf(definition)).isEmpty();
    }

    @Test
    void emailSettingsNeedConnectionRecipientsSubjectAndBody() {
        assertThat(fieldsOf(withChannel("email", "{}"))).containsExactly(
                "steps.otp.email.connection", "steps.otp.email.recipients", "steps.otp.email.body", "steps.otp.email.subject");
    }

    @Test
    void lineBreakInEmailSubjectIsRefused() {
        assertThat(errorsOf(withEmail("subject", "Your code\r\nBcc: all@acme.com"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.otp.email.subject");
            assertThat(e.message()).contains("line breaks");
        });
    }

    @Test
    void lineBreakInSenderNameIsRefused() {
        assertThat(fieldsOf(withEmail("senderName", "Acme\nBcc: x@y.z"))).containsExactly("steps.otp.email.senderName");
    }

    @Test
    void lineBreakInsideAnExpressionOfTheSubjectIsNotLiteralText() {
        assertThat(errorsOf(withEmail("subject", "Code for ${identify\n.email}"))).isEmpty();
    }

    @Test
    void pushSettingsNeedConnectionAndText() {
        assertThat(fieldsOf(withChannel("push", "{}"))).containsExactly("steps.otp.push.connection", "steps.otp.push.text");
    }

    @Test
    void pushTokenIsAnOptionalExpression() {
        assertThat(errorsOf(withChannel("push", """
                {"connection": "demo-push", "title": "Acme", "text": "Code ${otp}"}"""))).isEmpty();
        assertThat(fieldsOf(withChannel("push", """
                {"connection": "demo-push", "pushToken": "device..token", "text": "Code ${otp}"}""")))
                .containsExactly("steps.otp.push.pushToken");
    }

    // --- the passcode names

    @Test
    void passcodeNamesWorkInEveryMessageField() {
        assertThat(errorsOf(withEmail("subject", "Code ${otp} (${expiresInMinutes} min, ${expiresInSeconds} s)"))).isEmpty();
        assertThat(errorsOf(withChannel("push", """
                {"connection": "demo-push", "title": "${otp}", "text": "${otp}"}"""))).isEmpty();
    }

    @Test
    void passcodeInRejectReasonIsReported() {
        JsonObject definition = withStep("failed", """
                {"type": "reject", "reason": "Your code was ${otp}"}""");
        assertThat(errorsOf(definition)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.failed.reason");
            assertThat(e.message()).contains("'otp'").contains("message fields");
        });
    }

    @Test
    void passcodeInSetVariablesIsReported() {
        JsonObject definition = withStep("done", """
                {"type": "set_variables", "variables": {"copy": "expiresInMinutes * 60"}, "next": "failed"}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.done.variables.copy");
    }

    @Test
    void passcodeInSenderNameIsReported() {
        assertThat(fieldsOf(withEmail("senderName", "Acme ${otp}"))).containsExactly("steps.otp.email.senderName");
    }

    @Test
    void passcodeInRecipientExpressionIsReported() {
        assertThat(fieldsOf(withEmail("recipients", "otp"))).containsExactly("steps.otp.email.recipients");
    }

    @Test
    void propertyNamedOtpIsNotThePasscode() {
        JsonObject definition = withStep("failed", """
                {"type": "reject", "reason": "${form.otp} / 'otp' / ${'${otp}'}"}""");
        assertThat(errorsOf(definition)).isEmpty();
    }

    // --- set_variables, condition, reject

    @Test
    void setVariablesNeedsAVariablesObject() {
        JsonObject definition = withStep("vars", """
                {"type": "set_variables", "variables": ["a"], "next": "done"}""");
        assertThat(errorsOf(definition)).containsExactly(new FieldError("steps.vars.variables", "must be an object"));
    }

    @Test
    void setVariablesExpressionsMustParse() {
        JsonObject definition = withStep("vars", """
                {"type": "set_variables", "next": "done",
                 "variables": {"ok": "identify.email.toLowerCase()", "broken": "identify.email ==", "number": 5}}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.vars.variables.broken", "steps.vars.variables.number");
    }

    @Test
    void setVariablesNamesMustBeVariableNames() {
        JsonObject definition = withStep("vars", """
                {"type": "set_variables", "next": "done", "variables": {"user-id": "1", "otp": "2"}}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.vars.variables.user-id", "steps.vars.variables.otp");
    }

    @Test
    void conditionNeedsIfThenAndElse() {
        assertThat(fieldsOf(withStep("check", "{\"type\": \"condition\"}")))
                .containsExactly("steps.check.if", "steps.check.then", "steps.check.else");
    }

    @Test
    void conditionIfMustParse() {
        JsonObject definition = withStep("check", """
                {"type": "condition", "if": "otpError.code = = 'locked_out'", "then": "done", "else": "failed"}""");
        assertThat(fieldsOf(definition)).containsExactly("steps.check.if");
    }

    @Test
    void conditionAcceptsPolicyForms() {
        JsonObject definition = withStep("check", """
                {"type": "condition",
                 "if": "@policy.isUserAuthenticated() and @policy.userContext().user_id == @policy.request().params.x",
                 "then": "done", "else": "failed"}""");
        assertThat(errorsOf(definition)).isEmpty();
    }

    @Test
    void rejectReasonMustParse() {
        assertThat(fieldsOf(withStep("failed", "{\"type\": \"reject\", \"reason\": \"${otpError.message\"}")))
                .containsExactly("steps.failed.reason");
    }

    @Test
    void refusedExpressionIsReportedAtSaveTime() {
        JsonObject definition = withStep("check", """
                {"type": "condition", "if": "''.getClass().forName('java.lang.Runtime') != null",
                 "then": "done", "else": "failed"}""");
        assertThat(errorsOf(definition)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.check.if");
            assertThat(e.message()).contains("may not use");
        });
    }
}
