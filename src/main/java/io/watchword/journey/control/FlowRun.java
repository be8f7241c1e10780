package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import io.watchword.platform.JsonValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flow while one request works on it: its variables, user context and request parameters
 * as Java values, written back to the entity by {@link #save()}.
 */
public final class FlowRun {

    /** The user context's fields (contract §2: {@code @policy.userContext().user_id}…), set by an OTP step's success. */
    public static final String USER_ID = "user_id";
    public static final String CHANNEL = "channel";
    public static final String AUTHENTICATED_AT = "authenticated_at";

    private final Flow flow;
    private final JourneyDefinition journey;
    private final Map<String, Object> variables;
    private final Map<String, Object> params;
    private Map<String, Object> userContext;
    private final Instant now;
    private final String baseUrl;

    public FlowRun(Flow flow, JourneyDefinition journey, Instant now, String baseUrl) {
        this.flow = flow;
        this.journey = journey;
        this.now = now;
        this.baseUrl = baseUrl;
        this.variables = JsonValues.toJavaMap(JsonValues.parseObject(flow.variables()));
        this.params = flow.requestParams() == null ? new LinkedHashMap<>()
                : JsonValues.toJavaMap(JsonValues.parseObject(flow.requestParams()));
        this.userContext = flow.userContext() == null ? null
                : JsonValues.toJavaMap(JsonValues.parseObject(flow.userContext()));
    }

    public Flow flow() { return flow; }
    public JourneyDefinition journey() { return journey; }
    public Map<String, Object> variables() { return variables; }
    public Instant now() { return now; }
    public String baseUrl() { return baseUrl; }
    /** The flow's locale (contract §10), or null. */
    public String locale() { return flow.locale(); }

    public Map<String, Object> userContext() {
        return userContext == null ? Map.of() : userContext;
    }

    public boolean isUserAuthenticated() {
        return userContext != null;
    }

    public void authenticate(Map<String, Object> context) {
        this.userContext = new LinkedHashMap<>(context);
    }

    public Map<String, Object> params() {
        return params;
    }

    /** What {@code @policy} stands for in this flow's expressions. */
    public Policy policy() {
        return new Policy(userContext(), new Policy.Request(params), isUserAuthenticated());
    }

    public void save() {
        flow.variables(JsonValues.toJson(variables).toString());
        flow.userContext(userContext == null ? null : JsonValues.toJson(userContext).toString());
    }
}
