package io.watchword.abuse.boundary;

import io.watchword.abuse.control.ConversionMonitor;
import io.watchword.abuse.control.SmsBlocks;
import io.watchword.abuse.entity.SmsBlock;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Times;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/** {@code /api/admin/blocks} (contract §7): the country codes the SMS conversion monitor blocked. */
@Path("admin/blocks")
@Produces(MediaType.APPLICATION_JSON)
public class BlocksResource {

    @Inject
    SmsBlocks blocks;

    @Inject
    ConversionMonitor monitor;

    @Inject
    Clock clock;

    @GET
    public String list() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (SmsBlock b : blocks.active(clock.instant())) {
            a.add(Json.createObjectBuilder().add("countryCode", b.countryCode()).add("reason", b.reason())
                    .add("since", Times.format(b.since())).add("until", Times.format(b.until())));
        }
        return a.build().toString();
    }

    @DELETE
    @Path("{countryCode}")
    public Response lift(@PathParam("countryCode") String countryCode) {
        String cc = countryCode.startsWith("+") ? countryCode.substring(1) : countryCode;
        if (!cc.matches("[0-9]{1,3}") || !monitor.lift(cc)) {
            throw ProblemException.notFound("There is no active block for this country code.");
        }
        return Response.noContent().build();
    }
}
