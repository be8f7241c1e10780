package io.watchword.journey.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.otp.control.OtpService;
import io.watchword.otp.control.ResendRule;
import io.watchword.otp.control.Verdict;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTP step's answer to a submitted passcode: {@link OtpService#check} gives the verdict, every
 * rule applied there (lock, shape, tries, expiry, the lock a wrong try causes); this turns it into
 * the step's response and events, one row per verdict.
 */
@ApplicationScoped
public class OtpVerdicts {

    @Inject
    OtpService otp;

    @Inject
    OtpPrompt prompt;

    @Inject
    OtpAudit audit;

    @Inject
    SendGuard guard;

    public StepOutcome answer(StepDef step, FlowRun run, OtpStepState s, Object passcode) {
        Verdict v = otp.check(s.attemptId(), s.userId(), passcode instanceof String code ? code : null);
        StepOutcome outcome = switch (v.kind()) {
            case LOCKED_OUT -> audit.lockedOut(s.userId(), s.channel(), run, v.lockedUntil());
            case MALFORMED -> {
                String message = "must be " + prompt.policy().length() + " digits";
                yield prompt.again(s, run.now(), v.attemptsLeft(), ErrorCodes.CLIENT_RESPONSE_NOT_VALID, "The passcode " + message + ".",
                        Map.of("errors", List.of(Map.of("field", OtpPrompt.PASSCODE, "message", message))));
            }
            case VERIFIED -> verified(step, run, s);
            case INVALID -> {
                audit.fire(LifecycleEvent.OTP_INVALID_ATTEMPT, s, run, ErrorCodes.INVALID_CREDENTIALS,
                        Map.of(OtpPrompt.ATTEMPTS_LEFT, v.attemptsLeft()));
                yield wrong(s, run, v.attemptsLeft());
            }
            case EXHAUSTED -> {
                audit.fire(LifecycleEvent.OTP_MAX_ATTEMPTS_EXCEEDED, s, run, ErrorCodes.MAX_ATTEMPTS_EXCEEDED, Map.of());
                yield new StepOutcome.Fail(StepFailure.of(ErrorCodes.MAX_ATTEMPTS_EXCEEDED, "Too many wrong passcodes."));
            }
            case EXPIRED -> {
                audit.fire(LifecycleEvent.OTP_EXPIRED, s, run, ErrorCodes.EXPIRED_OTP_PASSCODE, Map.of());
                yield new ResendRule(prompt.policy(), s.sends(), s.lastSentAt()).resendsLeft() == 0
                        ? new StepOutcome.Fail(StepFailure.of(ErrorCodes.EXPIRED_OTP_PASSCODE,
                                "The passcode has expired and no resend is left."))
                        : prompt.again(s, run.now(), v.attemptsLeft(), ErrorCodes.EXPIRED_OTP_PASSCODE,
                                "The passcode has expired: ask for a new one.", Map.of());
            }
            case CLOSED -> wrong(s, run, 0);
        };
        if (v.lockedNow()) {
            audit.lockedNow(s, run, v.lockedUntil());
        }
        return outcome;
    }

    private StepOutcome wrong(OtpStepState s, FlowRun run, int attemptsLeft) {
        return prompt.again(s, run.now(), attemptsLeft, ErrorCodes.INVALID_CREDENTIALS, "The passcode is not correct.",
                Map.of(OtpPrompt.ATTEMPTS_LEFT, attemptsLeft));
    }

    /** The user is authenticated: the user context later steps read with {@code @policy.userContext()}. */
    private StepOutcome verified(StepDef step, FlowRun run, OtpStepState s) {
        guard.recordVerified(s);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(FlowRun.USER_ID, s.userId());
        context.put(FlowRun.CHANNEL, s.channel());
        context.put(FlowRun.AUTHENTICATED_AT, Times.format(run.now()));
        run.authenticate(context);
        audit.fire(LifecycleEvent.OTP_VERIFIED, s, run, "success", Map.of());
        run.flow().stepState(null);
        return new StepOutcome.Next(step.next());
    }

}
