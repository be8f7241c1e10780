package io.watchword.connection.boundary;

import io.watchword.channel.Delivery;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.DeliveryThreads;
import io.watchword.connection.control.ConnectionJson;
import io.watchword.connection.control.ConnectionService;
import io.watchword.connection.entity.Connection;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.JsonBodies;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** {@code /api/admin/connections} (contract §3). */
@Path("admin/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    @Inject
    ConnectionService connections;

    @Inject
    ConnectionJson json;

    @Inject
    Delivery delivery;

    @Inject
    DeliveryThreads threads;

    @GET
    public String list() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        connections.list().forEach(c -> a.add(json.of(c)));
        return a.build().toString();
    }

    @POST
    public Response create(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, @Context UriInfo uri) {
        Connection c = connections.create(JsonBodies.object(body, type, false));
        return Response.created(uri.getAbsolutePathBuilder().path(c.name()).build())
                .entity(json.of(c).toString()).build();
    }

    @GET
    @Path("{name}")
    public String get(@PathParam("name") String name) {
        return json.of(connections.get(name)).toString();
    }

    @PUT
    @Path("{name}")
    public Response put(@PathParam("name") String name, String body,
                        @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, @Context UriInfo uri) {
        boolean created = connections.put(name, JsonBodies.object(body, type, false));
        String shown = json.of(connections.get(name)).toString();
        return created ? Response.created(uri.getAbsolutePath()).entity(shown).build() : Response.ok(shown).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        connections.delete(name);
        return Response.noContent().build();
    }

    /** The test send runs on a delivery thread, outside any transaction (contract §8); a success closes the breaker. */
    @POST
    @Path("{name}/test")
    public void test(@PathParam("name") String name, String body,
                     @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, @Suspended AsyncResponse async) {
        JsonObject o = JsonBodies.object(body, type, false);
        ConnectionService.TestSend send = connections.test(name, JsonValues.string(o, "to"));
        threads.run(() -> {
            try {
                DeliveryResult r = delivery.test(send.connection(), send.message());
                return Json.createObjectBuilder().add("delivered", true)
                        .add("providerStatus", r.providerStatus() == null ? JsonValues.toJson(null) : r.providerStatus())
                        .build().toString();
            } catch (DeliveryException e) {
                throw new CompletionException(refusal(e));
            }
        }).whenComplete((answer, error) -> {
            if (error == null) {
                async.resume(answer);
            } else {
                // resume(Throwable), not resume(Object): the exception mapper makes its problem document
                async.resume(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
            }
        });
    }

    private static ProblemException refusal(DeliveryException e) {
        if (ErrorCodes.INVALID_RECIPIENT.equals(e.code())) {
            // The admin's "to" does not suit the channel: their input, not the provider's answer.
            return ProblemException.invalid("to", e.getMessage());
        }
        // An admin's request: the provider's own answer may be shown here (never to a client).
        return new ProblemException(502, e.code(), "Delivery failed",
                e.getMessage() + (e.providerAnswer() == null ? "" : " (provider answered: " + e.providerAnswer() + ")"),
                List.of(), Map.of("delivered", false, "providerStatus", e.adminDetails()), Map.of());
    }
}
