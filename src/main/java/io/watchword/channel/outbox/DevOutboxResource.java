package io.watchword.channel.outbox;

import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/dev/outbox?to=&limit=}: the outbox without credentials, so the demo page
 * can show a newcomer the passcode arrive. It exists only in development mode
 * ({@code watchword.dev-mode=true}, set by the run command alone) and answers {@code 404}
 * otherwise: outside development the outbox stays behind the admin role.
 */
@Stateless
@Path("dev/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class DevOutboxResource {

    @Inject
    Settings settings;

    @EJB
    OutboxResource outbox;

    @GET
    public String list(@QueryParam("to") String to, @QueryParam("limit") String limit) {
        if (!settings.devMode()) {
            throw ProblemException.notFound("There is nothing here.");
        }
        return outbox.list(to, limit);
    }
}
