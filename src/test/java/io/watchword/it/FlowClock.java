package io.watchword.it;

import io.watchword.retention.Purger;
import io.watchword.journey.entity.Flow;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Test-only: added to the deployment by {@link JourneyEngineIT}, never part of the WAR.
 * Under {@code /api/admin/test-clock/flows} (admin-only, like the rest of /api/admin) it
 * moves a flow's expiry into the past, runs the expired-flow sweep now instead of on its
 * schedule, and shows a flow's status, so expiry is tested without waiting.
 */
@Stateless
@Path("admin/test-clock/flows")
public class FlowClock {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Purger purger;

    @POST
    @Path("{id}/expire")
    public Response expire(@PathParam("id") String id) {
        int changed = em.createQuery("update Flow f set f.expiresAt = :past where f.id = :id")
                .setParameter("past", Instant.parse("2000-01-01T00:00:00Z")).setParameter("id", id).executeUpdate();
        return Response.status(changed == 1 ? 204 : 404).build();
    }

    @POST
    @Path("sweep")
    public Response sweep() {
        purger.expireUnattended(Instant.now(), 1000);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/status")
    @Produces(MediaType.TEXT_PLAIN)
    public Response status(@PathParam("id") String id) {
        Flow flow = em.find(Flow.class, id);
        return flow == null ? Response.status(404).build() : Response.ok(flow.status().name()).build();
    }
}
