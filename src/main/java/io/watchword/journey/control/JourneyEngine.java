package io.watchword.journey.control;

import io.watchword.journey.control.StepRouter.Landing;
import io.watchword.journey.entity.Flow;
import io.watchword.journey.entity.Journey;
import io.watchword.channel.DeliveryReport;
import io.watchword.otp.control.TestRecipients;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import io.watchword.token.control.TokenService;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs journeys: backend steps until a client-facing one, then persists the flow and
 * answers; the client's next response resumes it. Each request works on its flow row locked
 * for update, so two requests on one flow (on one server or two) take turns.
 */
@Stateless
public class JourneyEngine {

    private static final Pattern FLOW_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /** The answer to a client response, or why it is refused — returned, not thrown, so
     *  what the request changed (a flow ending as expired) is committed; or the send that must
     *  be delivered before the request can be answered ({@link #delivered}). */
    public record Result(ServiceResponse response, ProblemException refusal, PendingSend pending) {
        public Result(ServiceResponse response, ProblemException refusal) {
            this(response, refusal, null);
        }
    }

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    JourneyRepository journeys;

    @Inject
    JourneyDefinitions definitions;

    @Inject
    FormStep formStep;

    @Inject
    OtpStep otpStep;

    @Inject
    LogicSteps logic;

    @Inject
    TokenService tokens;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Inject
    TestRecipients testRecipients;

    @Inject
    Event<JourneyEnded> ended;

    @Inject
    Event<OtpStepFailed> otpFailed;

    /** A start; the flow's locale is the body's {@code locale}, else the request's Accept-Language (contract §10). */
    public Result start(String journeyId, JsonObject body, String baseUrl, String acceptLanguage) {
        Journey journey = journeys.find(journeyId);
        if (journey == null) {
            throw ProblemException.notFound("There is no journey '" + journeyId + "'.");
        }
        JsonValue params = body.get("additionalParams");
        if (params != null && params != JsonValue.NULL && params.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.invalid("additionalParams", "must be an object");
        }
        String locale = MessageLocale.ofStart(body.get("locale"), acceptLanguage);
        String flowId = clientFlowId(body.get("flowId"));
        Instant now = clock.instant();
        Flow flow = new Flow(flowId, journeyId,
                params == null || params == JsonValue.NULL ? null : params.toString(), now, now.plus(settings.flowExpiry()));
        flow.locale(locale);
        testRecipients.warnIfActive();
        em.persist(flow);
        if (body.get("flowId") instanceof JsonString) {
            claim(flow);
        }
        JourneyDefinition def = definitions.of(journey);
        FlowRun run = new FlowRun(flow, def, now, baseUrl);
        return finish(run, advance(run, def.start()), null);
    }

    private String clientFlowId(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return InteractionTokens.randomId(16);
        }
        if (!(v instanceof JsonString s) || !FLOW_ID.matcher(s.getString()).matches()) {
            throw ProblemException.invalid("flowId", "must match [A-Za-z0-9_-]{8,64}");
        }
        if (em.find(Flow.class, s.getString()) != null) {
            throw ProblemException.conflict("flow_exists", "A flow with this id already exists.");
        }
        return s.getString();
    }

    /**
     * Inserts a client-chosen flow id now: two starts racing for one id both pass the look-up
     * above, and the database's primary key lets exactly one of them in.
     */
    private void claim(Flow flow) {
        try {
            em.flush();
        } catch (PersistenceException taken) {
            throw ProblemException.conflict("flow_exists", "A flow with this id already exists.");
        }
    }

    public Result respond(String flowId, String token, String option, JsonObject data, String baseUrl) {
        Flow flow = em.find(Flow.class, flowId, LockModeType.PESSIMISTIC_WRITE);
        if (flow == null) {
            return refuse(ProblemException.notFound("There is no flow '" + flowId + "'."));
        }
        Instant now = clock.instant();
        // While a send runs no token works (a replay of its request gets 401, as it did when it
        // waited for the row lock); once it is overdue its node is taken for dead, and the token
        // the client still holds works again, so the flow stays answerable (contract §8).
        boolean resumed = flow.sendId() != null && !flow.isSending(now)
                && InteractionTokens.matches(token, flow.resumeTokenHash());
        if (!resumed && !InteractionTokens.matches(token, flow.tokenHash())) {
            return refuse(new ProblemException(401, "invalid_interaction_token", "Unauthorized",
                    "The interaction token is missing, wrong or already used."));
        }
        if (resumed) {
            flow.resume(); // the overdue send's outcome, should it ever report, is recorded but answers nothing
        }
        String clientToken = flow.tokenHash();
        if (flow.status() == Flow.Status.EXPIRED) {
            return refuse(expired());
        }
        if (!flow.isActive()) {
            return refuse(ProblemException.conflict("flow_ended", "The flow has already ended ("
                    + flow.status().name().toLowerCase() + ")."));
        }
        if (flow.isExpired(now)) {
            flow.end(Flow.Status.EXPIRED, now);
            ended.fire(new JourneyEnded(flow.journeyId(), outcome(Flow.Status.EXPIRED)));
            return refuse(expired());
        }
        Journey journey = journeys.find(flow.journeyId());
        if (journey == null) {
            flow.end(Flow.Status.REJECTED, now);
            return refuse(ProblemException.conflict("flow_ended", "The flow's journey no longer exists."));
        }
        JourneyDefinition def = definitions.of(journey);
        StepDef step = def.steps().get(flow.currentStep());
        if (step == null || !canWait(step, flow)) {
            flow.end(Flow.Status.REJECTED, now);
            return refuse(ProblemException.conflict("flow_ended", "The flow's step no longer exists."));
        }
        if (!offers(step, option)) {
            return refuse(ProblemException.invalid("option", "the waiting step does not offer '" + option + "'"));
        }
        FlowRun run = new FlowRun(flow, def, now, baseUrl);
        if (ClientOptions.CANCEL.equals(option)) {
            return finish(run, new Landing(ServiceResponse.rejection("journey_cancelled",
                    "The journey was cancelled.", null), null, Flow.Status.CANCELLED), clientToken);
        }
        Map<String, Object> input = JsonValues.toJavaMap(data);
        StepOutcome outcome = StepTypes.FORM.equals(step.type())
                ? (ClientOptions.FAILURE.equals(option)
                    ? new StepOutcome.Fail(StepFailure.of(StepFailure.CLIENT_FAILURE, "The client reported that it cannot go on."))
                    : formStep.submit(step, run, input))
                : otpOutcome(step, run, otpStep.answer(step, run, option, input));
        return finish(run, land(run, step, outcome), clientToken);
    }

    /**
     * A send has reported (contract §8), in a transaction of its own after the provider call.
     * Its outcome is recorded whatever became of the flow; when the flow still waits for this
     * send, the step goes on from it: waiting for the passcode, or its failure rules.
     */
    public Result delivered(PendingSend pending, DeliveryReport report) {
        Flow flow = em.find(Flow.class, pending.flowId(), LockModeType.PESSIMISTIC_WRITE);
        OtpDispatch d = pending.dispatch();
        if (flow == null || !d.sendId().equals(flow.sendId())) {
            // The flow was purged, or was resumed because this send was overdue.
            otpStep.record(d, report, pending.flowId());
            return refuse(ProblemException.conflict("flow_ended", "The flow went on without this send."));
        }
        Instant now = clock.instant();
        String clientToken = flow.resumeTokenHash();
        flow.sendDone();
        if (!flow.isActive() || flow.isExpired(now)) {
            // The send outlived its flow: recorded (the message did go out, or not), never answered with a passcode step.
            otpStep.record(d, report, flow.id());
            if (flow.isActive()) {
                flow.end(Flow.Status.EXPIRED, now);
                ended.fire(new JourneyEnded(flow.journeyId(), outcome(Flow.Status.EXPIRED)));
            }
            return refuse(expired());
        }
        Journey journey = journeys.find(flow.journeyId());
        JourneyDefinition def = journey == null ? null : definitions.of(journey);
        StepDef step = def == null ? null : def.steps().get(flow.currentStep());
        if (step == null) {
            otpStep.record(d, report, flow.id());
            flow.end(Flow.Status.REJECTED, now);
            return refuse(ProblemException.conflict("flow_ended", "The flow's journey no longer exists."));
        }
        FlowRun run = new FlowRun(flow, def, now, pending.baseUrl());
        return finish(run, land(run, step, otpOutcome(step, run, otpStep.delivered(step, run, d, report))), clientToken);
    }

    /** An expired flow answers the same whether this request or the retention job ({@code io.watchword.retention.Purger}) ended it. */
    private static ProblemException expired() {
        return ProblemException.conflict("flow_expired", "The flow has expired.");
    }

    private static Result refuse(ProblemException p) {
        return new Result(null, p);
    }

    /** A replaced journey may have turned the waiting step into one that cannot take an answer. */
    private static boolean canWait(StepDef step, Flow flow) {
        return StepTypes.FORM.equals(step.type())
                || (StepTypes.GENERIC_OTP_AUTHENTICATION.equals(step.type()) && flow.stepState() != null);
    }

    private static boolean offers(StepDef step, String option) {
        return switch (option) {
            case ClientOptions.CLIENT_INPUT, ClientOptions.CANCEL, ClientOptions.FAILURE -> true;
            case ClientOptions.RESEND -> StepTypes.GENERIC_OTP_AUTHENTICATION.equals(step.type());
            default -> false;
        };
    }

    /** Runs steps from {@code stepId} until one waits for the client or the journey ends. */
    private Landing advance(FlowRun run, String stepId) {
        return StepRouter.from(run, stepId, step -> enter(step, run));
    }

    private Landing land(FlowRun run, StepDef current, StepOutcome outcome) {
        return StepRouter.route(run, current, outcome, step -> enter(step, run));
    }

    private StepOutcome enter(StepDef step, FlowRun run) {
        return switch (step.type()) {
            case StepTypes.FORM -> new StepOutcome.Wait(formStep.present(step));
            case StepTypes.GENERIC_OTP_AUTHENTICATION -> otpOutcome(step, run, otpStep.enter(step, run));
            case StepTypes.SET_VARIABLES -> logic.setVariables(step, run);
            case StepTypes.CONDITION -> logic.condition(step, run);
            case StepTypes.REJECT -> logic.reject(step, run);
            // A journey that authenticated nobody succeeds without a token: there is no subject.
            case StepTypes.COMPLETE -> new StepOutcome.End(ServiceResponse.success(
                    run.isUserAuthenticated() ? tokens.issue(run) : null), Flow.Status.SUCCESS);
            default -> new StepOutcome.Fail(StepFailure.of(StepRouter.JOURNEY_ERROR, "Unknown step type " + step.type()));
        };
    }

    /** A failed OTP step is counted (metrics) before the failure rules route it. */
    private StepOutcome otpOutcome(StepDef step, FlowRun run, StepOutcome outcome) {
        if (outcome instanceof StepOutcome.Fail f) {
            otpFailed.fire(new OtpStepFailed(run.journey().id(), step.string("channel"), f.failure().code()));
        }
        return outcome;
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
            run.save();
            return new Result(null, null, new PendingSend(flow.id(), run.baseUrl(), d));
        }
        if (landing.ended() != null) {
            flow.end(landing.ended(), run.now());
            ended.fire(new JourneyEnded(run.journey().id(), outcome(landing.ended())));
            response.flow(flow.id(), null);
        } else {
            String token = InteractionTokens.newToken();
            flow.waitAt(landing.waitingStep(), InteractionTokens.hash(token));
            response.flow(flow.id(), token);
        }
        run.save();
        return new Result(response, null);
    }

}
