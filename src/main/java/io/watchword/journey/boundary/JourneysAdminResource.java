package io.watchword.journey.boundary;

import io.watchword.journey.control.JourneyRepository;
import io.watchword.journey.entity.Journey;
import io.watchword.platform.JsonBodies;
import io.watchword.platform.JsonValues;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/admin/journeys} (contract §3): journey definitions as JSON documents. */
@Path("admin/journeys")
@Produces(MediaType.APPLICATION_JSON)
public class JourneysAdminResource {

    @Inject
    JourneyRepository journeys;

    @GET
    public String list() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        journeys.list().forEach(j -> a.add(JsonValues.parseObject(j.definition())));
        return a.build().toString();
    }

    @GET
    @Path("{id}")
    public String get(@PathParam("id") String id) {
        return journeys.get(id).definition();
    }

    @PUT
    @Path("{id}")
    public Response put(@PathParam("id") String id, String body,
                        @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, @Context UriInfo uri) {
        boolean created = journeys.put(id, JsonBodies.object(body, type, false));
        Journey j = journeys.get(id);
        return (created ? Response.created(uri.getAbsolutePath()) : Response.ok()).entity(j.definition()).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        journeys.delete(id);
        return Response.noContent().build();
    }
}
