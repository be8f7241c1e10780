package io.watchword.journey.boundary;

import io.watchword.journey.control.JourneyEngine;
import io.watchword.platform.JsonBodies;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code POST /api/flows/{flowId}/responses}: the client answers the waiting step (contract §1). */
@Path("flows")
@Produces(MediaType.APPLICATION_JSON)
public class FlowsResource {

    private static final String BEARER = "Bearer ";

    @Inject
    JourneyEngine engine;

    @Inject
    FlowAnswers answers;

    /** Answered when the step waits again or the journey ends: after a send, if the answer makes one (contract §8). */
    @POST
    @Path("{flowId}/responses")
    public void respond(@PathParam("flowId") String flowId, String body,
                        @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        @Context UriInfo uri, @Suspended AsyncResponse async) {
        JsonObject o = JsonBodies.object(body, type, false);
        String option = JsonValues.string(o, "option");
        if (option == null) {
            throw ProblemException.invalid("option", "is required: one of the ids in clientResponseOptions");
        }
        JsonValue data = o.get("data");
        if (data != null && data != JsonValue.NULL && data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.invalid("data", "must be an object");
        }
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        answers.answer(engine.respond(flowId, token, option,
                data == null || data == JsonValue.NULL ? JsonValue.EMPTY_JSON_OBJECT : data.asJsonObject(), BaseUrl.of(uri)), async);
    }
}
