package io.watchword.journey.control;

import io.watchword.channel.DeliveryReport;
import io.watchword.journey.control.StepRouter.Landing;
import io.watchword.journey.entity.Flow;
import io.watchword.journey.entity.Journey;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import io.watchword.platform.SqlDialect;
import io.watchword.platform.Times;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Runs journeys: backend steps until a client-facing one, then persists the flow and
 * answers; the client's next response resumes it. Each request works on its flow row locked
 * for update, so two requests on one flow (on one server or two) take turns.
 */
@Stateless
public class JourneyEngine {

    /**
     * The answer to a request, or the send that must be delivered before it can be answered
     * ({@link #delivered}). A refusal is thrown: {@link FlowRefused} where what the request
     * changed must still be committed.
     */
    public record Result(ServiceResponse response, PendingSend pending) {
    }

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    JourneyDefinitions definitions;

    @Inject
    StepHandlers handlers;

    @Inject
    @StepType(StepTypes.GENERIC_OTP_AUTHENTICATION)
    OtpStep otpStep;

    @Inject
    OtpSends sends;

    @Inject
    OtpPrompt prompt;

    @Inject
    NewFlows newFlows;

    @Inject
    Clock clock;

    @Inject
    Event<JourneyEnded> ended;

    /** A start (contract §1): a new flow, run from the journey's first step until one waits or the journey ends. */
    public Result start(String journeyId, JsonObject body, String baseUrl, String acceptLanguage) {
        Journey journey = journey(journeyId);
        if (journey == null) {
            throw ProblemException.notFound("There is no journey '" + journeyId + "'.");
        }
        Instant now = clock.instant();
        Flow flow = newFlows.create(journeyId, body, acceptLanguage, now);
        JourneyDefinition def = definitions.of(journey);
        FlowRun run = new FlowRun(flow, def, now, baseUrl);
        return finish(run, StepRouter.from(run, def.start(), handlers.runner(run)), null);
    }

    public Result respond(String flowId, String token, String option, JsonObject data, String baseUrl) {
        Flow flow = em.find(Flow.class, flowId, LockModeType.PESSIMISTIC_WRITE);
        if (flow == null) {
            throw ProblemException.notFound("There is no flow '" + flowId + "'.");
        }
        Instant now = clock.instant();
        // While a send runs no token works (a replay of its request gets 401, as it did when it
        // waited for the row lock); once it is overdue its node is taken for dead, and the token
        // the client still holds works again, so the flow stays answerable (contract §8).
        boolean resumed = flow.sendId() != null && !flow.isSending(now)
                && InteractionTokens.matches(token, flow.resumeTokenHash());
        if (!resumed && !InteractionTokens.matches(token, flow.tokenHash())) {
            throw new ProblemException(401, ErrorCodes.INVALID_INTERACTION_TOKEN, "Unauthorized",
                    "The interaction token is missing, wrong or already used.");
        }
        if (resumed) {
            flow.resume(); // the overdue send's outcome, should it ever report, is recorded but answers nothing
        }
        String clientToken = flow.tokenHash();
        JourneyDefinition def = waitingJourney(flow, now);
        StepDef step = def.steps().get(flow.currentStep());
        StepHandler handler = handlers.of(step);
        if (!ClientOptions.CANCEL.equals(option) && !ClientOptions.FAILURE.equals(option) && !handler.takes(option)) {
            throw new FlowRefused(ProblemException.invalid("option", "the waiting step does not offer '" + option + "'"));
        }
        FlowRun run = new FlowRun(flow, def, now, baseUrl);
        if (ClientOptions.CANCEL.equals(option)) {
            return finish(run, new Landing(ServiceResponse.rejection(ErrorCodes.JOURNEY_CANCELLED,
                    "The journey was cancelled.", null), null, Flow.Status.CANCELLED), clientToken);
        }
        StepOutcome outcome = handler.answer(step, run, option, JsonValues.toJavaMap(data));
        return finish(run, StepRouter.route(run, step, outcome, handlers.runner(run)), clientToken);
    }

    /** The journey of a flow waiting at a step that takes answers, or why it cannot take one (ending it where it must). */
    private JourneyDefinition waitingJourney(Flow flow, Instant now) {
        if (flow.status() == Flow.Status.EXPIRED) {
            throw new FlowRefused(expired());
        }
        if (!flow.isActive()) {
            throw new FlowRefused(ProblemException.conflict(ErrorCodes.FLOW_ENDED, "The flow has already ended ("
                    + outcome(flow.status()) + ")."));
        }
        if (flow.isExpired(now)) {
            end(flow, Flow.Status.EXPIRED, now);
            throw new FlowRefused(expired());
        }
        Journey journey = journey(flow.journeyId());
        JourneyDefinition def = journey == null ? null : definitions.of(journey);
        StepDef step = def == null ? null : def.steps().get(flow.currentStep());
        // A replaced journey may have removed the step, or turned it into one that cannot take an answer.
        StepHandler handler = step == null ? null : handlers.of(step);
        if (handler == null || !handler.canWait(flow)) {
            flow.end(Flow.Status.REJECTED, now);
            throw new FlowRefused(ProblemException.conflict(ErrorCodes.FLOW_ENDED, journey == null
                    ? "The flow's journey no longer exists." : "The flow's step no longer exists."));
        }
        return def;
    }

    /**
     * A send has reported (contract §8), in a transaction of its own after the provider call.
     * Its outcome is recorded whatever became of the flow; when the flow still waits for this
     * send, the step goes on from it: waiting for the passcode, or its failure rules.
     */
    public Result delivered(PendingSend pending, DeliveryReport report) {
        OtpDispatch d = pending.dispatch();
        if (report.delivered()) {
            Result waiting = waitForPasscode(pending, report);
            if (waiting != null) {
                return waiting;
            }
        }
        Flow flow = em.find(Flow.class, pending.flowId(), LockModeType.PESSIMISTIC_WRITE);
        if (flow == null || !d.sendId().equals(flow.sendId())) {
            // The flow was purged, or was resumed because this send was overdue.
            sends.record(d, report, pending.flowId());
            throw new FlowRefused(ProblemException.conflict(ErrorCodes.FLOW_ENDED, "The flow went on without this send."));
        }
        Instant now = clock.instant();
        String clientToken = flow.resumeTokenHash();
        flow.sendDone();
        Journey journey = flow.isActive() && !flow.isExpired(now) ? journey(flow.journeyId()) : null;
        JourneyDefinition def = journey == null ? null : definitions.of(journey);
        StepDef step = def == null ? null : def.steps().get(flow.currentStep());
        if (step == null) {
            // The send outlived its flow, or its journey: recorded (the message did go out, or
            // not), never answered with a passcode step.
            sends.record(d, report, flow.id());
            if (!flow.isActive() || flow.isExpired(now)) {
                end(flow, Flow.Status.EXPIRED, now);
                throw new FlowRefused(expired());
            }
            flow.end(Flow.Status.REJECTED, now);
            throw new FlowRefused(ProblemException.conflict(ErrorCodes.FLOW_ENDED, "The flow's journey no longer exists."));
        }
        FlowRun run = new FlowRun(flow, def, now, pending.baseUrl());
        return finish(run, StepRouter.route(run, step, otpStep.delivered(step, run, d, report), handlers.runner(run)), clientToken);
    }

    /**
     * The usual outcome, in one conditional UPDATE of the flow row, without reading the flow or
     * its journey: the passcode went out and the flow, still waiting for this send, now waits for
     * the passcode. Null when the flow went on, ended or expired meanwhile (the general path above
     * sorts those out). The answer is what the general path gives: the step's prompt and a new token.
     */
    private Result waitForPasscode(PendingSend pending, DeliveryReport report) {
        OtpDispatch d = pending.dispatch();
        Instant now = clock.instant();
        OtpStepState state = d.state().deliveredBy(report.deliveredBy().name());
        String token = InteractionTokens.newToken();
        int updated = em.createNamedQuery(Flow.SEND_DELIVERED).setParameter("tokenHash", InteractionTokens.hash(token))
                .setParameter("stepState", state.toJson()).setParameter("id", pending.flowId())
                .setParameter("sendId", d.sendId()).setParameter("now", Times.utc(now)).executeUpdate();
        if (updated == 0) {
            return null;
        }
        sends.record(d, report, pending.flowId());
        return new Result(prompt.present(state, now, d.maxFailures()).flow(pending.flowId(), token), null);
    }

    /** Read here, not through the {@link JourneyRepository} EJB (a call less), and read-only (nothing kept to compare at commit). */
    private Journey journey(String id) {
        return em.find(Journey.class, id, Map.of(SqlDialect.READ_ONLY, true));
    }

    /** An expired flow answers the same whether this request or the retention job ({@code io.watchword.retention.Purger}) ended it. */
    private static ProblemException expired() {
        return ProblemException.conflict(ErrorCodes.FLOW_EXPIRED, "The flow has expired.");
    }

    /** Ends an active flow, and says so to whoever counts journeys. */
    private void end(Flow flow, Flow.Status status, Instant now) {
        if (flow.isActive()) {
            flow.end(status, now);
            ended.fire(new JourneyEnded(flow.journeyId(), outcome(status)));
        }
    }

    private static String outcome(Flow.Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Saves where the request leaves the flow and makes its answer. {@code clientToken}: the hash
     * of the token the client holds now (null on a start), which works again should a send that
     * starts here never report.
     */
    private Result finish(FlowRun run, Landing landing, String clientToken) {
        Flow flow = run.flow();
        ServiceResponse response = landing.response();
        if (landing.dispatch() != null) {
            OtpDispatch d = landing.dispatch();
            flow.waitAt(landing.waitingStep(), null);
            flow.sending(d.sendId(), run.now().plus(d.plan().budget()), clientToken);
            newFlows.store(run);
            return new Result(null, new PendingSend(flow.id(), run.baseUrl(), d));
        }
        if (landing.ended() != null) {
            end(flow, landing.ended(), run.now());
            response.flow(flow.id(), null);
        } else {
            String token = InteractionTokens.newToken();
            flow.waitAt(landing.waitingStep(), InteractionTokens.hash(token));
            response.flow(flow.id(), token);
        }
        newFlows.store(run);
        return new Result(response, null);
    }

}
