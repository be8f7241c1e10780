package io.watchword.bench.floor;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The floor journey's three requests (JSON in, JSON out). */
@Path("floor")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FloorResource {

    @Inject
    FloorService service;

    @POST
    @Path("start")
    public JsonObject start() {
        return Json.createObjectBuilder().add("flowId", service.start()).build();
    }

    @POST
    @Path("{id}/form")
    public Response form(@PathParam("id") String id, JsonObject body) throws Exception {
        return service.form(id, body.getString("phone"), body.getString("sink"))
                ? Response.ok(Json.createObjectBuilder().add("step", "otp").build()).build()
                : Response.status(409).build();
    }

    @POST
    @Path("{id}/verify")
    public Response verify(@PathParam("id") String id, JsonObject body) {
        String token = service.verify(id, body.getString("passcode"));
        return token == null ? Response.status(401).build()
                : Response.ok(Json.createObjectBuilder().add("type", "journey_success").add("token", token).build()).build();
    }
}
