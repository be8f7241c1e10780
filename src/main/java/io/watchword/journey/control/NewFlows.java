package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.otp.control.TestRecipients;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.regex.Pattern;

/** The flow of a start (contract §1), stored in the start's transaction: its id, parameters, locale and expiry. */
@ApplicationScoped
public class NewFlows {

    private static final Pattern FLOW_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    TestRecipients testRecipients;

    /** The flow's locale is the body's {@code locale}, else the request's Accept-Language (contract §10). */
    public Flow create(String journeyId, JsonObject body, String acceptLanguage, Instant now) {
        JsonValue params = body.get("additionalParams");
        if (params != null && params != JsonValue.NULL && params.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.invalid("additionalParams", "must be an object");
        }
        String locale = MessageLocale.ofStart(body.get("locale"), acceptLanguage);
        String flowId = clientFlowId(body.get("flowId"));
        Flow flow = new Flow(flowId, journeyId,
                params == null || params == JsonValue.NULL ? null : params.toString(), now, now.plus(settings.flowExpiry()));
        flow.locale(locale);
        testRecipients.warnIfActive();
        if (body.get("flowId") instanceof JsonString) {
            claim(flow);
        }
        return flow;
    }

    /**
     * Writes the run back to its flow; a start's new flow is persisted only now, as the start
     * leaves it: one INSERT at the commit. Persisted before its steps ran, it would be inserted as
     * it was then and updated right after (Hibernate inserts the state it had at the persist).
     */
    public void store(FlowRun run) {
        run.save();
        if (!em.contains(run.flow())) {
            em.persist(run.flow());
        }
    }

    private String clientFlowId(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return InteractionTokens.randomId(16);
        }
        if (!(v instanceof JsonString s) || !FLOW_ID.matcher(s.getString()).matches()) {
            throw ProblemException.invalid("flowId", "must match [A-Za-z0-9_-]{8,64}");
        }
        if (em.find(Flow.class, s.getString()) != null) {
            throw ProblemException.conflict(ErrorCodes.FLOW_EXISTS, "A flow with this id already exists.");
        }
        return s.getString();
    }

    /**
     * Inserts a client-chosen flow id now: two starts racing for one id both pass the look-up
     * above, and the database's primary key lets exactly one of them in. Any other new flow is
     * stored when the start has run its steps ({@link #store}).
     */
    private void claim(Flow flow) {
        try {
            em.persist(flow);
            em.flush();
        } catch (PersistenceException taken) {
            throw ProblemException.conflict(ErrorCodes.FLOW_EXISTS, "A flow with this id already exists.");
        }
    }
}
