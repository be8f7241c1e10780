package io.watchword.journey.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.CountryCodes;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.Providers;
import io.watchword.channel.Recipients;
import io.watchword.connection.control.ConnectionService;
import io.watchword.otp.control.OtpPolicy;
import io.watchword.otp.control.OtpService;
import io.watchword.otp.control.ResendRule;
import io.watchword.otp.control.TestRecipients;
import io.watchword.otp.control.VerifyOutcome;
import io.watchword.otp.entity.OtpAttempt;
import io.watchword.platform.Settings;
import io.watchword.push.control.PushTokenService;
import io.watchword.push.entity.PushToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import io.watchword.platform.JsonValues;
import jakarta.json.JsonObject;
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
    ConnectionService connections;

    @Inject
    Providers providers;

    @Inject
    PushTokenService pushTokens;

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

    /** Resolves the target, issues a passcode and delivers it; the first send or a resend. */
    private StepOutcome send(StepDef step, FlowRun run, OtpStepState state) {
        ChannelType channel = ChannelType.of(state.channel()).orElseThrow();
        JsonObject cfg = step.object(channel.id());
        Target target;
        try {
            target = resolve(channel, cfg, state.userId(), run);
        } catch (ExpressionException e) {
            return fail(StepFailure.EXPRESSION_ERROR, "A setting of the step could not be evaluated: " + e.getMessage());
        }
        if (target.failure() != null) {
            return new StepOutcome.Fail(target.failure());
        }
        boolean resend = state.sends() > 0;
        SendGuard.Ticket ticket = guard.reserve(channel, target.recipients(), state.userId(), run, resend);
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
        String fixedCode = testRecipients.codeFor(target.recipients()).orElse(null);
        OtpService.Issued issued = otp.issue(run.flow().id(), step.id(), state.userId(), channel.id(), run.now(), fixedCode);
        OtpMessages.Built built;
        try {
            built = messages.build(step, channel, cfg, target.recipients(), run, issued);
        } catch (ExpressionException e) {
            otp.close(issued.attemptId(), OtpAttempt.Status.UNDELIVERED);
            guard.release(ticket);
            return fail(StepFailure.EXPRESSION_ERROR, "The message could not be built: " + e.getMessage());
        }
        OtpStepState sent = state.sent(issued.attemptId(), issued.expiresAt(), run.now(),
                Recipients.mask(channel, target.recipients(), target.deviceName()),
                channel == ChannelType.SMS ? CountryCodes.of(target.recipients().get(0)).orElse(null) : null);
        try {
            if (fixedCode == null) {
                providers.deliver(target.connection(), built.message());
            }
        } catch (DeliveryException e) {
            otp.close(issued.attemptId(), OtpAttempt.Status.UNDELIVERED);
            guard.release(ticket);
            if ("unregistered".equals(e.details().get("reason")) && target.pushTokenId() != null) {
                pushTokens.deactivate(target.pushTokenId());
            }
            fire(LifecycleEvent.OTP_DELIVERY_FAILED, sent, run, e.code(), e.adminDetails());
            return new StepOutcome.Fail(new StepFailure(e.code(), e.getMessage(), e.details()));
        }
        guard.recordSend(ticket);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connection", target.connection().name());
        details.put("provider", target.connection().provider());
        details.put("recipient", sent.recipient());
        if (built.locale() != null) {
            details.put("locale", built.locale());
        }
        fire(resend ? LifecycleEvent.OTP_RESENT : LifecycleEvent.OTP_SENT, sent, run,
                fixedCode == null ? "sent" : "test_recipient", details);
        run.flow().stepState(sent.toJson());
        return new StepOutcome.Wait(present(sent, run.now(), issued.maxFailures(), policy()));
    }

    /** Where and how a passcode goes; or why it cannot. */
    private record Target(ConnectionSpec connection, List<String> recipients, String deviceName,
                          String pushTokenId, StepFailure failure) {
        static Target failed(String code, String message, Map<String, Object> details) {
            return new Target(null, List.of(), null, null, new StepFailure(code, message, details));
        }
    }

    private Target resolve(ChannelType channel, JsonObject cfg, String userId, FlowRun run) throws ExpressionException {
        String name = cfg.getString("connection", null);
        ConnectionSpec spec = connections.spec(name);
        if (spec == null || spec.channel() != channel) {
            return Target.failed(StepFailure.CONNECTION_NOT_FOUND, spec == null
                    ? "There is no connection named '" + name + "'."
                    : "The connection '" + name + "' serves " + spec.channel().id() + ", not " + channel.id() + ".",
                    Map.of("connection", name == null ? "" : name));
        }
        return switch (channel) {
            case SMS -> {
                String to = asText(expressions.evaluate(cfg.getString("recipient"), run.variables(), run.policy()));
                yield Recipients.isPhone(to) ? new Target(spec, List.of(to), null, null, null)
                        : Target.failed(StepFailure.INVALID_RECIPIENT,
                        "The recipient is not a phone number in E.164 form (+ and 8–15 digits).", Map.of());
            }
            case EMAIL -> {
                Object value = expressions.evaluate(cfg.getString("recipients"), run.variables(), run.policy());
                List<String> to = new ArrayList<>();
                if (value instanceof String s) {
                    to.add(s);
                } else if (value instanceof List<?> l) {
                    l.forEach(x -> to.add(x instanceof String s ? s : null));
                }
                boolean ok = !to.isEmpty() && to.stream().allMatch(r -> Recipients.isEmail(r) && !Recipients.hasLineBreak(r));
                yield ok ? new Target(spec, List.copyOf(to), null, null, null)
                        : Target.failed(StepFailure.INVALID_RECIPIENT, "A recipient is not an email address.", Map.of());
            }
            case PUSH -> {
                String expr = cfg.getString("pushToken", null);
                PushToken token = expr == null || expr.isBlank()
                        ? pushTokens.latestActive(userId, tokenProvider(spec))
                        : pushTokens.byValue(tokenProvider(spec), asText(expressions.evaluate(expr, run.variables(), run.policy())));
                if (token == null || !token.active()) {
                    yield Target.failed(StepFailure.NO_DEVICE_FOUND,
                            "No active device is registered for this user with " + spec.provider() + ".", Map.of());
                }
                if (!token.userId().equals(userId)) {
                    // A device named by the journey's input must be the user's own, or a passcode for
                    // the user would reach whoever registered that device (contract §11).
                    Map<String, Object> details = Map.of("reason", "not_users_device");
                    events.fire(new LifecycleEvent(LifecycleEvent.OTP_DELIVERY_FAILED, userId, run.flow().id(),
                            channel.id(), StepFailure.NO_DEVICE_FOUND, details));
                    yield Target.failed(StepFailure.NO_DEVICE_FOUND,
                            "No active device is registered for this user with " + spec.provider() + ".", details);
                }
                yield new Target(spec, List.of(token.token()), token.deviceName(), token.id(), null);
            }
        };
    }

    /** Devices registered for apns or fcm; the development outbox stands in for either. */
    private static String tokenProvider(ConnectionSpec spec) {
        return "outbox".equals(spec.provider()) ? null : spec.provider();
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
