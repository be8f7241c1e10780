package io.watchword.journey.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.Delivery;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryReport;
import io.watchword.channel.SendPlan;
import io.watchword.channel.SendRequest;
import io.watchword.otp.control.OtpService;
import io.watchword.otp.control.TestRecipients;
import io.watchword.otp.entity.OtpAttempt;
import io.watchword.platform.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTP step's sends (contract §8): issues a passcode and hands it to {@link Delivery}, which
 * calls the provider after the request's transaction has committed; then records how it went.
 * The journey asks the channel to deliver — resolving connections, recipients and devices is
 * the channel's business.
 */
@ApplicationScoped
public class OtpSends {

    @Inject
    Expressions expressions;

    @Inject
    OtpService otp;

    @Inject
    Delivery delivery;

    @Inject
    SendGuard guard;

    @Inject
    OtpMessages messages;

    @Inject
    TestRecipients testRecipients;

    @Inject
    OtpPrompt prompt;

    @Inject
    OtpAudit audit;

    /**
     * The first send or a resend: plans it, reserves its limits and issues the passcode; the send
     * itself runs after this request's transaction ({@link StepOutcome.Deliver}).
     */
    public StepOutcome send(StepDef step, FlowRun run, OtpStepState state) {
        ChannelType channel = ChannelType.of(state.channel()).orElseThrow();
        JsonObject cfg = step.object(channel.id());
        SendPlan plan;
        try {
            plan = delivery.plan(request(channel, cfg, state, run));
        } catch (ExpressionException e) {
            return StepFailure.expression("A setting of the step could not be evaluated: " + e.getMessage());
        }
        if (plan.refusal() != null) {
            SendPlan.Refusal no = plan.refusal();
            if (DeliveryException.NOT_USERS_DEVICE.equals(no.details().get("reason"))) {
                audit.fire(LifecycleEvent.OTP_DELIVERY_FAILED, state.userId(), run.flow().id(), channel.id(), no.code(), no.details());
            }
            return new StepOutcome.Fail(new StepFailure(no.code(), no.message(), no.details()));
        }
        boolean resend = state.sends() > 0;
        SendGuard.Ticket ticket = guard.reserve(channel, plan.recipients(), state.userId(), run);
        StepFailure refused = ticket.refused();
        if (refused != null) {
            if (resend && ErrorCodes.RATE_LIMITED.equals(refused.code())) {
                OtpAttempt a = otp.attempt(state.attemptId());
                return prompt.again(state, run.now(), a == null ? 0 : a.attemptsLeft(),
                        ErrorCodes.RESEND_TOO_SOON, refused.message(), refused.details());
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
            return StepFailure.expression("The message could not be built: " + e.getMessage());
        }
        OtpStepState sent = state.sent(issued.attemptId(), issued.expiresAt(), run.now(), plan.maskedRecipient(),
                plan.countryCode());
        run.flow().stepState(sent.toJson());
        OtpDispatch dispatch = new OtpDispatch(InteractionTokens.randomId(16), sent, state.userId(), channel.id(),
                issued.attemptId(), issued.maxFailures(), plan, built.message(), ticket, resend, built.locale());
        return fixedCode != null ? delivered(run, dispatch, null) : new StepOutcome.Deliver(dispatch);
    }

    /**
     * How the send went, in the transaction after it (or in the request's own for a test
     * recipient, whose {@code report} is null: nothing was sent): recorded, then the step waits
     * for the passcode, or fails.
     */
    public StepOutcome delivered(FlowRun run, OtpDispatch d, DeliveryReport report) {
        record(d, report, run.flow().id());
        if (report != null && !report.delivered()) {
            return new StepOutcome.Fail(new StepFailure(report.failureCode(), report.failureMessage(), report.failureDetails()));
        }
        OtpStepState state = OtpStepState.fromJson(run.flow().stepState());
        if (report != null) {
            state = state.deliveredBy(report.deliveredBy().name());
            run.flow().stepState(state.toJson());
        }
        return new StepOutcome.Wait(prompt.present(state, run.now(), d.maxFailures()));
    }

    /**
     * The send's events and counts, whatever became of the flow meanwhile: one
     * {@code otp.delivery_failed} per connection that failed, then {@code otp.sent}/{@code otp.resent}
     * with its limits kept, or the passcode closed as undelivered and its limits given back.
     */
    public void record(OtpDispatch d, DeliveryReport report, String flowId) {
        if (report != null) {
            List<Map<String, Object>> tries = report.adminDetails();
            for (int i = 0; i < tries.size(); i++) {
                boolean finalRefusal = !report.delivered() && i == tries.size() - 1;
                audit.fire(LifecycleEvent.OTP_DELIVERY_FAILED, d.userId(), flowId, d.channel(),
                        finalRefusal ? report.failureCode() : ErrorCodes.PROVIDER_ERROR, tries.get(i));
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
        audit.fire(d.resend() ? LifecycleEvent.OTP_RESENT : LifecycleEvent.OTP_SENT, d.userId(), flowId,
                d.channel(), report == null ? "test_recipient" : "sent", details);
    }

    /** What the step's channel settings name: connections, and the recipients or device, evaluated. */
    private SendRequest request(ChannelType channel, JsonObject cfg, OtpStepState state, FlowRun run) throws ExpressionException {
        List<String> recipients = new ArrayList<>();
        String pushToken = null;
        switch (channel) {
            case SMS -> recipients.add(Expressions.textOrNull(evaluate(cfg.getString(JourneyFields.RECIPIENT), run)));
            case EMAIL -> {
                Object value = evaluate(cfg.getString(JourneyFields.RECIPIENTS), run);
                if (value instanceof String s) {
                    recipients.add(s);
                } else if (value instanceof List<?> l) {
                    l.forEach(x -> recipients.add(x instanceof String s ? s : null));
                }
            }
            case PUSH -> {
                String expr = cfg.getString(JourneyFields.PUSH_TOKEN, null);
                pushToken = expr == null || expr.isBlank() ? null : Expressions.textOrNull(evaluate(expr, run));
            }
        }
        return new SendRequest(channel, connectionNames(cfg), state.userId(), recipients, pushToken, state.lastConnection());
    }

    private Object evaluate(String expression, FlowRun run) throws ExpressionException {
        return expressions.evaluate(expression, run.variables(), run.policy());
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
}
