package io.watchword.journey.control;

import io.watchword.channel.DeliveryReport;
import io.watchword.journey.entity.Flow;
import io.watchword.otp.control.Lockouts;
import io.watchword.otp.control.OtpService;
import io.watchword.otp.control.ResendRule;
import io.watchword.otp.entity.OtpAttempt;
import io.watchword.platform.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The Generic OTP Authentication step: who the user is, then a passcode sent ({@link OtpSends}),
 * then the client's answers: the passcode ({@link OtpVerdicts}), or a resend.
 */
@ApplicationScoped
@StepType(StepTypes.GENERIC_OTP_AUTHENTICATION)
public class OtpStep implements StepHandler {

    @Inject
    Expressions expressions;

    @Inject
    OtpService otp;

    @Inject
    Lockouts lockouts;

    @Inject
    OtpSends sends;

    @Inject
    OtpPrompt prompt;

    @Inject
    OtpAudit audit;

    @Inject
    OtpVerdicts verdicts;

    @Inject
    Event<OtpStepFailed> failed;

    @Override
    public StepOutcome enter(StepDef step, FlowRun run) {
        String userId;
        try {
            userId = Expressions.textOrNull(expressions.evaluate(step.string(JourneyFields.EXTERNAL_USER_ID), run.variables(), run.policy()));
        } catch (ExpressionException e) {
            return counted(step, run, StepFailure.expression("The external user id could not be evaluated: " + e.getMessage()));
        }
        if (userId == null || userId.isBlank() || userId.length() > 255) { // 255: the width of the user id columns
            return counted(step, run, StepFailure.expression(userId == null || userId.isBlank()
                    ? "The external user id expression gave no value." : "The external user id is longer than 255 characters."));
        }
        String channel = step.string(JourneyFields.CHANNEL);
        if (lockouts.lockedForSend(userId)) { // held until the passcode is issued: see Lockouts
            return counted(step, run, audit.lockedOut(userId, channel, run, null));
        }
        return counted(step, run, sends.send(step, run, OtpStepState.entered(userId, channel, run.now())));
    }

    @Override
    public StepOutcome answer(StepDef step, FlowRun run, String option, Map<String, Object> data) {
        OtpStepState state = OtpStepState.fromJson(run.flow().stepState());
        return counted(step, run, switch (option) {
            case ClientOptions.CLIENT_INPUT -> verdicts.answer(step, run, state, data.get(OtpPrompt.PASSCODE));
            case ClientOptions.RESEND -> resend(step, run, state);
            default -> StepFailure.clientFailure();
        });
    }

    /** The send of {@link StepOutcome.Deliver} has reported. */
    public StepOutcome delivered(StepDef step, FlowRun run, OtpDispatch d, DeliveryReport report) {
        return counted(step, run, sends.delivered(run, d, report));
    }

    private StepOutcome resend(StepDef step, FlowRun run, OtpStepState s) {
        if (lockouts.lockedForSend(s.userId())) { // held until the passcode is issued: see Lockouts
            return audit.lockedOut(s.userId(), s.channel(), run, null);
        }
        ResendRule rule = new ResendRule(prompt.policy(), s.sends(), s.lastSentAt());
        return switch (rule.verdict(run.now())) {
            case MAX_REACHED -> prompt.again(s, run.now(), attemptsLeft(s), ErrorCodes.MAX_RESEND_REACHED,
                    "No resend is left.", Map.of());
            case TOO_SOON -> prompt.again(s, run.now(), attemptsLeft(s), ErrorCodes.RESEND_TOO_SOON,
                    "Wait " + rule.resendIn(run.now()) + " s before asking for a new passcode.",
                    Map.of(OtpPrompt.RETRY_AFTER, rule.resendIn(run.now())));
            default -> sends.send(step, run, s);
        };
    }

    /** What a refused resend shows: the passcode's tries left, or a fresh one's once it has ended. */
    private int attemptsLeft(OtpStepState s) {
        OtpAttempt a = otp.attempt(s.attemptId());
        return a == null || a.status() != OtpAttempt.Status.PENDING ? prompt.policy().maxFailures() : a.attemptsLeft();
    }

    /** A failed OTP step is counted (metrics) before the failure rules route it. */
    private StepOutcome counted(StepDef step, FlowRun run, StepOutcome outcome) {
        if (outcome instanceof StepOutcome.Fail f) {
            failed.fire(new OtpStepFailed(run.journey().id(), step.string(JourneyFields.CHANNEL), f.failure().code()));
        }
        return outcome;
    }

    @Override
    public boolean canWait(Flow flow) {
        return flow.stepState() != null;
    }

    @Override
    public boolean takes(String option) {
        return ClientOptions.CLIENT_INPUT.equals(option) || ClientOptions.RESEND.equals(option);
    }

    @Override
    public boolean branchesOnFailure(StepDef step) {
        return !JourneyFields.ABORT.equals(step.string(JourneyFields.FAILURE_BEHAVIOR)) && step.onFailure() != null;
    }
}
