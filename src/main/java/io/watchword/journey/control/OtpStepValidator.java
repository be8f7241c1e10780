package io.watchword.journey.control;

import static io.watchword.journey.control.DefinitionChecks.path;
import static io.watchword.journey.control.JourneyFields.*;

import io.watchword.channel.ChannelType;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/** The rules of a {@code generic_otp_authentication} step and its per-channel settings. */
@Dependent
@StepType(StepTypes.GENERIC_OTP_AUTHENTICATION)
class OtpStepValidator implements StepValidator {

    /** The code length and SMS segment limit of the length check (contract §10); the defaults without CDI. */
    @Inject
    Settings settings;

    @Override
    public boolean continues() {
        return true;
    }

    @Override
    public void validate(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
        MessageChecks messages = new MessageChecks(checks, settings == null ? MessageChecks.Limits.DEFAULT
                : new MessageChecks.Limits(settings.otpLength(), settings.smsMaxSegments()));
        checks.expression(step, at, EXTERNAL_USER_ID, true);
        checks.variableName(step, at, ERROR_OUTPUT_VARIABLE);
        checks.expression(step, at, LOCALE, false);
        validateFailureBehavior(step, at, stepIds, checks);

        String channelId = checks.string(step, at, CHANNEL, true);
        if (channelId == null) {
            return;
        }
        Optional<ChannelType> channel = ChannelType.of(channelId);
        if (channel.isEmpty()) {
            checks.error(path(at, CHANNEL), "must be one of sms, email, push");
            return;
        }
        JsonObject channelSettings = checks.object(step, at, channelId, true);
        if (channelSettings != null) {
            String settingsAt = path(at, channelId);
            switch (channel.get()) {
                case SMS -> validateSms(channelSettings, settingsAt, checks, messages);
                case EMAIL -> validateEmail(channelSettings, settingsAt, checks, messages);
                case PUSH -> validatePush(channelSettings, settingsAt, checks, messages);
            }
        }
    }

    private static void validateFailureBehavior(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks) {
        String behavior = checks.string(step, at, FAILURE_BEHAVIOR, false);
        if (behavior != null && !FAILURE_BEHAVIORS.contains(behavior)) {
            checks.error(path(at, FAILURE_BEHAVIOR), "must be one of failure_branch, abort");
        }
        boolean branches = behavior == null || FAILURE_BRANCH.equals(behavior);
        if (branches && !step.containsKey(ON_FAILURE)) {
            checks.error(path(at, ON_FAILURE), "is required when failureBehavior is failure_branch (the default)");
        } else {
            checks.stepReference(step, at, ON_FAILURE, false, stepIds);
        }
    }

    private static void validateSms(JsonObject sms, String at, DefinitionChecks checks, MessageChecks messages) {
        checks.connections(sms, at, CONNECTION);
        checks.expression(sms, at, RECIPIENT, true);
        messages.smsLength(messages.field(sms, at, MESSAGE, true, true), sms);
        messages.field(sms, at, FROM, false, false);
        messages.autofill(sms, at);
    }

    private static void validateEmail(JsonObject email, String at, DefinitionChecks checks, MessageChecks messages) {
        checks.connections(email, at, CONNECTION);
        checks.expression(email, at, RECIPIENTS, true);
        messages.field(email, at, BODY, true, true);
        messages.field(email, at, SUBJECT, true, true).forEach((variantAt, t) -> refuseLineBreaks(t, variantAt, checks));
        messages.field(email, at, SENDER_NAME, false, false).forEach((variantAt, t) -> refuseLineBreaks(t, variantAt, checks));
    }

    /** CR or LF in a mail header would let the text add headers of its own (header injection). */
    private static void refuseLineBreaks(Template header, String at, DefinitionChecks checks) {
        String literal = header.literalText();
        if (literal.indexOf('\r') >= 0 || literal.indexOf('\n') >= 0) {
            checks.error(at, "must not contain line breaks (it becomes a mail header)");
        }
    }

    private static void validatePush(JsonObject push, String at, DefinitionChecks checks, MessageChecks messages) {
        checks.connections(push, at, CONNECTION);
        checks.expression(push, at, PUSH_TOKEN, false);
        messages.field(push, at, TITLE, false, true);
        messages.field(push, at, TEXT, true, true);
    }
}
