package io.watchword.journey.control;

import java.util.Collections;
import java.util.Map;

/**
 * What Mosaic's {@code @policy} object shows an expression: the user context set by a
 * successful OTP step, the request that started the flow, and whether the user is
 * authenticated. Resolved by {@link SandboxResolver} without reflection, so
 * {@code @policy.userContext().user_id}, {@code @policy.request().params.x} and
 * {@code @policy.isUserAuthenticated()} work as written.
 *
 * @param userContext         {@code user_id}, {@code channel}, {@code authenticated_at}; empty when none
 * @param request             the start request; {@code params} are its {@code additionalParams}
 * @param isUserAuthenticated true after a successful OTP step
 */
public record Policy(Map<String, Object> userContext, Request request, boolean isUserAuthenticated) {

    /** No user, no request parameters: what validation and tests evaluate against. */
    public static final Policy NONE = new Policy(Map.of(), new Request(Map.of()), false);

    public Policy {
        userContext = userContext == null ? Map.of() : Collections.unmodifiableMap(userContext);
        request = request == null ? new Request(Map.of()) : request;
    }

    /** A flow that has not authenticated anyone yet. */
    public static Policy anonymous(Map<String, Object> params) {
        return new Policy(Map.of(), new Request(params), false);
    }

    /** The request that started the flow, as {@code @policy.request()} shows it. */
    public record Request(Map<String, Object> params) {

        public Request {
            params = params == null ? Map.of() : Collections.unmodifiableMap(params);
        }
    }
}
