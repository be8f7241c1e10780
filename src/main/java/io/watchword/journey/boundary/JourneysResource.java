package io.watchword.journey.boundary;

import io.watchword.journey.control.JourneyEngine;
import io.watchword.platform.JsonBodies;
import jakarta.inject.Inject;
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

/** {@code POST /api/journeys/{journeyId}/start} (contract §1). */
@Path("journeys")
@Produces(MediaType.APPLICATION_JSON)
public class JourneysResource {

    @Inject
    JourneyEngine engine;

    @Inject
    ClientAddress clientAddress;

    @Inject
    FlowAnswers answers;

    /** Answered when the journey waits for the client: after its first send, if it makes one (contract §8). */
    @POST
    @Path("{journeyId}/start")
    public void start(@PathParam("journeyId") String journeyId, String body,
                      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage, @Context UriInfo uri,
                      @Suspended AsyncResponse async) {
        clientAddress.checkStartRate();
        answers.answer(engine.start(journeyId, JsonBodies.object(body, type, true), BaseUrl.of(uri), acceptLanguage), async);
    }
}
