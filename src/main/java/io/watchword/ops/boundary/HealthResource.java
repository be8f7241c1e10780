package io.watchword.ops.boundary;

import io.watchword.ops.control.BuildInfo;
import io.watchword.ops.control.HealthChecks;
import io.watchword.platform.JsonValues;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /api/health} (contract §9), no credentials: MicroProfile Health's JSON shape
 * written by hand — {@code 200} when every check is UP, {@code 503} otherwise. The header
 * {@code X-Watchword-Build} names the build that answers.
 */
@Path("health")
public class HealthResource {

    public static final String BUILD_HEADER = "X-Watchword-Build";

    @Inject
    HealthChecks checks;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        List<HealthChecks.Check> all = checks.all();
        boolean up = all.stream().allMatch(HealthChecks.Check::up);
        JsonArrayBuilder a = JsonValues.JSON.createArrayBuilder();
        for (HealthChecks.Check c : all) {
            JsonObjectBuilder o = JsonValues.JSON.createObjectBuilder().add("name", c.name()).add("status", status(c.up()));
            if (!c.data().isEmpty()) {
                o.add("data", JsonValues.toJson(c.data()));
            }
            a.add(o);
        }
        String body = JsonValues.JSON.createObjectBuilder().add("status", status(up)).add("checks", a).build().toString();
        return Response.status(up ? 200 : 503).entity(body).type(MediaType.APPLICATION_JSON)
                .header(BUILD_HEADER, BuildInfo.ID).build();
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
