package io.watchword.it;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Test-only: added to the deployment by {@link JourneyEngineIT}, never part of the WAR.
 * {@code POST /api/admin/test-clock/flows/{id}/expire} moves a flow's expiry into the past,
 * so expiry is tested without waiting (admin-only, like the rest of /api/admin).
 */
@Stateless
@Path("admin/test-clock/flows/{id}/expire")
public class FlowClock {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @POST
    public Response expire(@PathParam("id") String id) {
        int changed = em.createQuery("update Flow f set f.expiresAt = :past where f.id = :id")
                .setParameter("past", Instant.parse("2000-01-01T00:00:00Z")).setParameter("id", id).executeUpdate();
        return Response.status(changed == 1 ? 204 : 404).build();
    }
}
