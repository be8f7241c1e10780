package io.watchword.journey.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.Delivery;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryReport;
import io.watchword.channel.SendPlan;
import io.watchword.channel.SendRequest;
import io.watchword.otp.control.OtpPolicy;
import io.watchword.otp.control.OtpService;
import io.watchword.otp.control.ResendRule;
import io.watchword.otp.control.TestRecipients;
import io.watchword.otp.control.VerifyOutcome;
import io.watchword.otp.entity.OtpAttempt;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import io.watchword.platform.JsonValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Generic OTP Authentication step: resolves the user and the recipient, issues a
 * passcode and delivers it through the step's connection, then checks what the client
 * submits, resends on request, and on success authenticates the user.
 */
@ApplicationScoped
public class OtpStep {

    public static final String STEP_ID = "genericOTPAuthentication";

    @Inject
    Expressions expressions;

    @Inject
    OtpService otp;

    @Inject
    Delivery delivery;

    @Inject
    SendGuard guard;

    @Inject
    Event<LifecycleEvent> events;

    @Inject
    Settings settings;

    @Inject
    OtpMessages messages;

    @Inject
    TestRecipients testRecipients;

    /** Entering the step: who, whether locked, then the first send. */
    public StepOutcome enter(StepDef step, FlowRun run) {
        String userId;
        try {
            userId = asText(expressions.evaluate(step.string("externalUserId"), run.variables(), run.policy()));
        } catch (ExpressionException e) {
            return fail(StepFailure.EXPRESSION_ERROR, "The external user id could not be evaluated: " + e.getMessage());
        }
        if (userId == null || userId.isBlank()) {
            return fail(StepFailure.EXPRESSION_ERROR, "The external user id expression gave no value.");
        }
        if (userId.length() > 255) { // the width of the user id columns
            return fail(StepFailure.EXPRESSION_ERROR, "The external user id is longer than 255 characters.");
        }
        String channel = step.string("channel");
        if (otp.lockedForSend(userId)) { // held until the passcode is issued: see OtpService
            return lockedOut(userId, channel, run);
        }
        OtpStepState first = OtpStepState.entered(userId, channel, run.now());
        return send(step, run, first);
    }

    /** A client response while the step waits. */
    public StepOutcome answer(StepDef step, FlowRun run, String option, Map<String, Object> data) {
        OtpStepState state = OtpStepState.fromJson(run.flow().stepState());
        return switch (option) {
            case ClientOptions.CLIENT_INPUT -> submit(step, run, state, data);
            case ClientOptions.RESEND -> resend(step, run, state);
            default -> fail(StepFailure.CLIENT_FAILURE, "The client reported that it cannot go on.");
        };
    }

    private StepOutcome submit(StepDef step, FlowRun run, OtpStepState state, Map<String, Object> data) {
        OtpService.Standing standing = otp.standing(state.userId());
        if (standing.locked()) {
            return lockedOut(state.userId(), state.channel(), run);
        }
        OtpPolicy policy = policy();
        OtpAttempt attempt = otp.attempt(state.attemptId());
        int left = attempt == null ? 0 : attempt.attemptsLeft();
        Object passcode = data == null ? null : data.get("passcode");
        if (!(passcode instanceof String code) || code.length() != policy.length() || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String message = "must be " + policy.length() + " digits";
            return new StepOutcome.Wait(present(state, run.now(), left, policy).updateRequired(
                    "client_response_not_valid", "The passcode " + message + ".",
                    Map.of("errors", List.of(Map.of("field", "passcode", "message", message)))));
        }
        VerifyOutcome outcome = otp.verify(state.attemptId(), code);
        switch (outcome.kind()) {
            case VERIFIED -> {
                if (standing.countingFailures()) {
                    // a failure counted after the read above is ordered after this success
                    otp.recordSuccess(state.userId());
                }
                guard.recordVerified(state, run);
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("user_id", state.userId());
                context.put("channel", state.channel());
                context.put("authenticated_at", io.watchword.platform.Times.format(run.now()));
                run.authenticate(context);
                fire(LifecycleEvent.OTP_VERIFIED, state, run, "success", Map.of());
                run.flow().stepState(null);
                return new StepOutcome.Next(step.next());
            }
            case INVALID -> {
                fire(LifecycleEvent.OTP_INVALID_ATTEMPT, state, run, "invalid_credentials",
                        Map.of("attempts_left", outcome.attemptsLeft()));
                // Every wrong try counts for the user, whatever passcode it was (contract §11).
                if (otp.recordWrongTry(state.userId(), false)) {
                    lockedNow(state, run);
                }
                return new StepOutcome.Wait(present(state, run.now(), outcome.attemptsLeft(), policy).updateRequired(
                        "invalid_credentials", "The passcode is not correct.",
                        Map.of("attempts_left", outcome.attemptsLeft())));
            }
            case EXHAUSTED -> {
                fire(LifecycleEvent.OTP_MAX_ATTEMPTS_EXCEEDED, state, run, "max_attempts_exceeded", Map.of());
                if (otp.recordExhausted(state.userId())) {
                    lockedNow(state, run);
                }
                return fail(StepFailure.MAX_ATTEMPTS_EXCEEDED, "Too many wrong passcodes.");
            }
            case EXPIRED -> {
                otp.close(state.attemptId(), OtpAttempt.Status.EXPIRED);
                fire(LifecycleEvent.OTP_EXPIRED, state, run, "expired_otp_passcode", Map.of());
                if (new ResendRule(policy, state.sends(), state.lastSentAt()).resendsLeft() == 0) {
                    return fail(StepFailure.EXPIRED_OTP_PASSCODE, "The passcode has expired and no resend is left.");
                }
                return new StepOutcome.Wait(present(state, run.now(), left, policy).updateRequired(
                        "expired_otp_passcode", "The passcode has expired: ask for a new one.", Map.of()));
            }
            default -> {
                return new StepOutcome.Wait(present(state, run.now(), 0, policy).updateRequired(
                        "invalid_credentials", "The passcode is not correct.", Map.of("attempts_left", 0)));
            }
        }
    }

    private StepOutcome resend(StepDef step, FlowRun run, OtpStepState state) {
        if (otp.lockedForSend(state.userId())) { // held until the passcode is issued: see OtpService
            return lockedOut(state.userId(), state.channel(), run);
        }
        OtpPolicy policy = policy();
        ResendRule rule = new ResendRule(policy, state.sends(), state.lastSentAt());
        OtpAttempt attempt = otp.attempt(state.attemptId());
        int left = attempt == null || attempt.status() != OtpAttempt.Status.PENDING ? policy.maxFailures() : attempt.attemptsLeft();
        switch (rule.verdict(run.now())) {
            case MAX_REACHED -> {
                return new StepOutcome.Wait(present(state, run.now(), left, policy).updateRequired(
                        "max_resend_reached", "No resend is left.", Map.of()));
            }
            case TOO_SOON -> {
                long retry = rule.resendIn(run.now());
                return new StepOutcome.Wait(present(state, run.now(), left, policy).updateRequired(
                        "resend_too_soon", "Wait " + retry + " s before asking for a new passcode.",
                        Map.of("retry_after", retry)));
            }
            default -> {
                return send(step, run, state);
            }
        }
    }

    /**
     * Resolves the target, issues a passcode and hands it to delivery; the first send or a
     * resend. The send itself runs after this request's transaction has committed
     * ({@link StepOutcome.Deliver}); {@link #delivered} records how it went.
     */
    private StepOutcome send(StepDef step, FlowRun run, OtpStepState state) {
        ChannelType channel = ChannelType.of(state.channel()).orElseThrow();
        JsonObject cfg = step.object(channel.id());
        SendPlan plan;
        try {
            plan = delivery.plan(request(channel, cfg, state, run));
        } catch (ExpressionException e) {
            return fail(StepFailure.EXPRESSION_ERROR, "A setting of the step could not be evaluated: " + e.getMessage());
        }
        if (plan.refusal() != null) {
            SendPlan.Refusal no = plan.refusal();
            if (DeliveryException.NOT_USERS_DEVICE.equals(no.details().get("reason"))) {
                events.fire(new LifecycleEvent(LifecycleEvent.OTP_DELIVERY_FAILED, state.userId(), run.flow().id(),
                        channel.id(), no.code(), no.details()));
            }
            return new StepOutcome.Fail(new StepFailure(no.code(), no.message(), no.details()));
        }
        boolean resend = state.sends() > 0;
        SendGuard.Ticket ticket = guard.reserve(channel, plan.recipients(), state.userId(), run, resend);
        StepFailure refused = ticket.refused();
        if (refused != null) {
            if (resend && StepFailure.RATE_LIMITED.equals(refused.code())) {
                OtpPolicy policy = policy();
                OtpAttempt a = otp.attempt(state.attemptId());
                return new StepOutcome.Wait(present(state, run.now(), a == null ? 0 : a.attemptsLeft(), policy)
                        .updateRequired("resend_too_soon", refused.message(), refused.details()));
            }
            return new StepOutcome.Fail(refused);
        }
        // A test recipient (contract §10) gets its fixed code and no message; every rule above and after applies.
        String fixedCode = testRecipients.codeFor(plan.recipients()).orElse(null);
        OtpService.Issued issued = otp.issue(run.flow().id(), step.id(), state.userId(), channel.id(), run.now(), fixedCode);
        OtpMessages.Built built;
        try {
            built = messages.build(step, channel, cfg, plan.recipients(), run, issued);
        } catch (ExpressionException e) {
            otp.close(issued.attemptId(), OtpAttempt.Status.UNDELIVERED);
            guard.release(ticket);
            return fail(StepFailure.EXPRESSION_ERROR, "The message could not be built: " + e.getMessage());
        }
        OtpStepState sent = state.sent(issued.attemptId(), issued.expiresAt(), run.now(), plan.maskedRecipient(),
                plan.countryCode());
        run.flow().stepState(sent.toJson());
        OtpDispatch dispatch = new OtpDispatch(InteractionTokens.randomId(16), state.userId(), channel.id(),
                issued.attemptId(), issued.maxFailures(), plan, built.message(), ticket, resend, built.locale());
        if (fixedCode != null) {
            return delivered(step, run, dispatch, null);
        }
        return new StepOutcome.Deliver(dispatch);
    }

    /**
     * How the send went, in the transaction after it (or in the request's own for a test
     * recipient, whose {@code report} is null: nothing was sent). Records it whatever became of
     * the flow meanwhile ({@link #record}), then says what the step does next.
     */
    public StepOutcome delivered(StepDef step, FlowRun run, OtpDispatch d, DeliveryReport report) {
        record(d, report, run.flow().id());
        if (report != null && !report.delivered()) {
            return new StepOutcome.Fail(new StepFailure(report.failureCode(), report.failureMessage(), report.failureDetails()));
        }
        OtpStepState state = OtpStepState.fromJson(run.flow().stepState());
        if (report != null) {
            state = state.deliveredBy(report.deliveredBy().name());
            run.flow().stepState(state.toJson());
        }
        return new StepOutcome.Wait(present(state, run.now(), d.maxFailures(), policy()));
    }

    /**
     * The send's events and counts: one {@code otp.delivery_failed} per connection that failed,
     * then {@code otp.sent}/{@code otp.resent} with its limits kept, or the passcode closed as
     * undelivered and its limits given back. Also for a flow that ended while its send ran.
     */
    public void record(OtpDispatch d, DeliveryReport report, String flowId) {
        if (report != null) {
            List<Map<String, Object>> tries = report.adminDetails();
            for (int i = 0; i < tries.size(); i++) {
                boolean finalRefusal = !report.delivered() && i == tries.size() - 1;
                events.fire(new LifecycleEvent(LifecycleEvent.OTP_DELIVERY_FAILED, d.userId(), flowId, d.channel(),
                        finalRefusal ? report.failureCode() : StepFailure.PROVIDER_ERROR, tries.get(i)));
            }
            if (!report.delivered()) {
                otp.close(d.attemptId(), OtpAttempt.Status.UNDELIVERED);
                guard.release(d.ticket());
                return;
            }
        }
        guard.recordSend(d.ticket());
        Map<String, Object> details = new LinkedHashMap<>();
        // A test recipient's passcode went through no connection: its event names the one the
        // step would have tried first, so every otp.sent has the contract's shape (§8).
        ConnectionSpec via = report != null ? report.deliveredBy() : d.plan().connections().get(0);
        details.put("connection", via.name());
        details.put("provider", via.provider());
        details.put("recipient", d.plan().maskedRecipient());
        if (d.locale() != null) {
            details.put("locale", d.locale());
        }
        events.fire(new LifecycleEvent(d.resend() ? LifecycleEvent.OTP_RESENT : LifecycleEvent.OTP_SENT, d.userId(), flowId,
                d.channel(), report == null ? "test_recipient" : "sent", details));
    }

    /** What the step's channel settings name: connections, and the recipients or device, evaluated. */
    private SendRequest request(ChannelType channel, JsonObject cfg, OtpStepState state, FlowRun run) throws ExpressionException {
        List<String> recipients = new ArrayList<>();
        String pushToken = null;
        switch (channel) {
            case SMS -> recipients.add(asText(expressions.evaluate(cfg.getString("recipient"), run.variables(), run.policy())));
            case EMAIL -> {
                Object value = expressions.evaluate(cfg.getString("recipients"), run.variables(), run.policy());
                if (value instanceof String s) {
                    recipients.add(s);
                } else if (value instanceof List<?> l) {
                    l.forEach(x -> recipients.add(x instanceof String s ? s : null));
                }
            }
            case PUSH -> {
                String expr = cfg.getString("pushToken", null);
                pushToken = expr == null || expr.isBlank() ? null : asText(expressions.evaluate(expr, run.variables(), run.policy()));
            }
        }
        return new SendRequest(channel, connectionNames(cfg), state.userId(), recipients, pushToken, state.lastConnection());
    }

    /** The step's {@code connection}: one name or an ordered array of names (contract §8). */
    static List<String> connectionNames(JsonObject cfg) {
        JsonValue v = cfg.get(JourneyFields.CONNECTION);
        if (v instanceof JsonString s) {
            return List.of(s.getString());
        }
        List<String> names = new ArrayList<>();
        if (v instanceof JsonArray a) {
            a.forEach(x -> names.add(x instanceof JsonString s ? s.getString() : String.valueOf(x)));
        }
        return names;
    }

    /** The waiting step's response: channel, masked recipient and the exact counters. */
    public ServiceResponse present(OtpStepState s, Instant now, int attemptsLeft, OtpPolicy policy) {
        ResendRule rule = new ResendRule(policy, s.sends(), s.lastSentAt());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", s.channel());
        data.put("code_length", policy.length());
        data.put("recipient", s.recipient());
        data.put("expires_in", io.watchword.platform.Times.secondsUntil(now, s.expiresAt()));
        data.put("attempts_left", attemptsLeft);
        data.put("resends_left", rule.resendsLeft());
        data.put("resend_in", rule.resendIn(now));
        JsonObject schema = JsonValues.JSON.createObjectBuilder().add("passcode", JsonValues.JSON.createObjectBuilder()
                .add("type", "string").add("required", true)
                .add("minLength", policy.length()).add("maxLength", policy.length())).build();
        return ServiceResponse.waiting(STEP_ID, data, ClientOptions.of(schema, "Verify", true));
    }

    /** Re-presents the waiting step (e.g. after an option it could not take). */
    public ServiceResponse present(FlowRun run) {
        OtpStepState s = OtpStepState.fromJson(run.flow().stepState());
        OtpAttempt a = otp.attempt(s.attemptId());
        return present(s, run.now(), a == null ? 0 : a.attemptsLeft(), policy());
    }

    /** A locked user gets nothing sent and nothing checked; the refusal is audited too. */
    private StepOutcome lockedOut(String userId, String channel, FlowRun run) {
        Map<String, Object> details = new LinkedHashMap<>();
        otp.lockedUntil(userId).ifPresent(t -> details.put("locked_until", io.watchword.platform.Times.format(t)));
        events.fire(new LifecycleEvent(LifecycleEvent.USER_LOCKED_OUT, userId, run.flow().id(), channel,
                "refused", details));
        return fail(StepFailure.LOCKED_OUT, "Too many failed passcodes: this user is locked out for a while.");
    }

    /** This try locked the user: audited with the lock's end and length (locks that follow each other double). */
    private void lockedNow(OtpStepState state, FlowRun run) {
        Map<String, Object> details = new LinkedHashMap<>();
        otp.lockedUntil(state.userId()).ifPresent(t -> {
            details.put("locked_until", io.watchword.platform.Times.format(t));
            details.put("duration_seconds", io.watchword.platform.Times.secondsUntil(run.now(), t));
        });
        fire(LifecycleEvent.USER_LOCKED_OUT, state, run, "locked", details);
    }

    /** The global OTP settings (read here, not through the OTP service: one call less per use). */
    private OtpPolicy policy() {
        return OtpPolicy.of(settings);
    }

    private static StepOutcome fail(String code, String message) {
        return new StepOutcome.Fail(StepFailure.of(code, message));
    }

    private void fire(String type, OtpStepState s, FlowRun run, String outcome, Map<String, Object> details) {
        events.fire(new LifecycleEvent(type, s.userId(), run.flow().id(), s.channel(), outcome, details));
    }

    private static String asText(Object v) {
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }
}
