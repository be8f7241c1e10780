package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.journey.entity.Journey;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import io.watchword.token.control.TokenService;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
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

    static final int MAX_STEPS_PER_REQUEST = 100;
    private static final Pattern FLOW_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /** The answer to a client response, or why it is refused — returned, not thrown, so
     *  what the request changed (a flow ending as expired) is committed. */
    public record Result(ServiceResponse response, ProblemException refusal) {
    }

    /** Where a request leaves the flow: waiting at a step, or ended. */
    private record Landing(ServiceResponse response, String waitingStep, Flow.Status ended) {
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
    Expressions expressions;

    @Inject
    TokenService tokens;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    public ServiceResponse start(String journeyId, JsonObject body, String baseUrl) {
        Journey journey = journeys.find(journeyId);
        if (journey == null) {
            throw ProblemException.notFound("There is no journey '" + journeyId + "'.");
        }
        JsonValue params = body.get("additionalParams");
        if (params != null && params != JsonValue.NULL && params.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.invalid("additionalParams", "must be an object");
        }
        String flowId = clientFlowId(body.get("flowId"));
        Instant now = clock.instant();
        Flow flow = new Flow(flowId, journeyId,
                params == null || params == JsonValue.NULL ? null : params.toString(), now, now.plus(settings.flowExpiry()));
        em.persist(flow);
        JourneyDefinition def = definitions.of(journey);
        FlowRun run = new FlowRun(flow, def, now, baseUrl);
        return finish(run, advance(run, def.start()));
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

    public Result respond(String flowId, String token, String option, JsonObject data, String baseUrl) {
        Flow flow = em.find(Flow.class, flowId, LockModeType.PESSIMISTIC_WRITE);
        if (flow == null) {
            return refuse(ProblemException.notFound("There is no flow '" + flowId + "'."));
        }
        if (!InteractionTokens.matches(token, flow.tokenHash())) {
            return refuse(new ProblemException(401, "invalid_interaction_token", "Unauthorized",
                    "The interaction token is missing, wrong or already used."));
        }
        if (!flow.isActive()) {
            return refuse(ProblemException.conflict("flow_ended", "The flow has already ended ("
                    + flow.status().name().toLowerCase() + ")."));
        }
        Instant now = clock.instant();
        if (flow.isExpired(now)) {
            flow.end(Flow.Status.EXPIRED, now);
            return refuse(ProblemException.conflict("flow_expired", "The flow has expired."));
        }
        Journey journey = journeys.find(flow.journeyId());
        if (journey == null) {
            flow.end(Flow.Status.REJECTED, now);
            return refuse(ProblemException.conflict("flow_ended", "The flow's journey no longer exists."));
        }
        JourneyDefinition def = definitions.of(journey);
        StepDef step = def.steps().get(flow.currentStep());
        if (step == null) {
            flow.end(Flow.Status.REJECTED, now);
            return refuse(ProblemException.conflict("flow_ended", "The flow's step no longer exists."));
        }
        if (!offers(step, option)) {
            return refuse(ProblemException.invalid("option", "the waiting step does not offer '" + option + "'"));
        }
        FlowRun run = new FlowRun(flow, def, now, baseUrl);
        if (ClientOptions.CANCEL.equals(option)) {
            return new Result(finish(run, new Landing(ServiceResponse.rejection("journey_cancelled",
                    "The journey was cancelled.", null), null, Flow.Status.CANCELLED)), null);
        }
        Map<String, Object> input = JsonValues.toJavaMap(data);
        StepOutcome outcome = StepTypes.FORM.equals(step.type())
                ? (ClientOptions.FAILURE.equals(option)
                    ? new StepOutcome.Fail(StepFailure.of(StepFailure.CLIENT_FAILURE, "The client reported that it cannot go on."))
                    : formStep.submit(step, run, input))
                : otpStep.answer(step, run, option, input);
        return new Result(finish(run, land(run, step, outcome, 0)), null);
    }

    private static Result refuse(ProblemException p) {
        return new Result(null, p);
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
        return land(run, null, new StepOutcome.Next(stepId), 0);
    }

    private Landing land(FlowRun run, StepDef current, StepOutcome outcome, int depth) {
        StepDef step = current;
        StepOutcome o = outcome;
        for (int i = depth; i < MAX_STEPS_PER_REQUEST; i++) {
            if (o instanceof StepOutcome.Wait w) {
                return new Landing(w.response(), step.id(), null);
            }
            if (o instanceof StepOutcome.End e) {
                return new Landing(e.response(), null, e.status());
            }
            if (o instanceof StepOutcome.Fail f) {
                o = failure(run, step, f.failure());
            } else {
                step = run.journey().step(((StepOutcome.Next) o).stepId());
                o = enter(step, run);
            }
        }
        return new Landing(ServiceResponse.rejection("journey_error",
                "The journey ran " + MAX_STEPS_PER_REQUEST + " steps without waiting for the client: it loops.", null),
                null, Flow.Status.REJECTED);
    }

    private StepOutcome enter(StepDef step, FlowRun run) {
        try {
            return switch (step.type()) {
                case StepTypes.FORM -> new StepOutcome.Wait(formStep.present(step));
                case StepTypes.GENERIC_OTP_AUTHENTICATION -> otpStep.enter(step, run);
                case StepTypes.SET_VARIABLES -> {
                    JsonObject vars = step.object("variables");
                    if (vars != null) {
                        for (Map.Entry<String, JsonValue> e : vars.entrySet()) {
                            run.variables().put(e.getKey(), expressions.evaluate(((JsonString) e.getValue()).getString(),
                                    run.variables(), run.policy()));
                        }
                    }
                    yield new StepOutcome.Next(step.next());
                }
                case StepTypes.CONDITION -> new StepOutcome.Next(
                        expressions.isTrue(expressions.evaluate(step.string("if"), run.variables(), run.policy()))
                                ? step.string("then") : step.string("else"));
                case StepTypes.COMPLETE -> new StepOutcome.End(ServiceResponse.success(
                        run.isUserAuthenticated() ? tokens.issue(run) : null), Flow.Status.SUCCESS);
                case StepTypes.REJECT -> {
                    String reason = step.string("reason");
                    yield new StepOutcome.End(ServiceResponse.rejection("journey_rejected",
                            reason == null ? "The journey was rejected." : expressions.interpolate(reason, run.variables(), run.policy()),
                            null), Flow.Status.REJECTED);
                }
                default -> new StepOutcome.Fail(StepFailure.of("journey_error", "Unknown step type " + step.type()));
            };
        } catch (ExpressionException e) {
            return new StepOutcome.Fail(StepFailure.of(StepFailure.EXPRESSION_ERROR,
                    "Step '" + step.id() + "': " + e.getMessage()));
        }
    }

    /**
     * A failed step writes its error variable, then takes its failure branch, or aborts the
     * journey (failureBehavior abort, or no branch to take).
     */
    private StepOutcome failure(FlowRun run, StepDef step, StepFailure f) {
        run.variables().put(step.string("errorOutputVariable", "error"), f.asVariable());
        run.flow().stepState(null);
        boolean abort = "abort".equals(step.string("failureBehavior")) || step.onFailure() == null;
        if (abort) {
            return new StepOutcome.End(ServiceResponse.rejection(f.code(), f.message(), f.details()), Flow.Status.REJECTED);
        }
        return new StepOutcome.Next(step.onFailure());
    }

    private ServiceResponse finish(FlowRun run, Landing landing) {
        Flow flow = run.flow();
        ServiceResponse response = landing.response();
        if (landing.ended() != null) {
            flow.end(landing.ended(), run.now());
            response.flow(flow.id(), null);
        } else {
            String token = InteractionTokens.newToken();
            flow.waitAt(landing.waitingStep(), InteractionTokens.hash(token));
            response.flow(flow.id(), token);
        }
        run.save();
        return response;
    }

}
