package io.watchword.channel.outbox;

import io.watchword.platform.Limits;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import io.watchword.platform.Times;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/outbox?to=&limit=}: what the outbox provider kept, newest first. */
@Stateless
@Path("admin/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Settings settings;

    @GET
    public String list(@QueryParam("to") String to, @QueryParam("limit") String limit) {
        if (!settings.outboxEnabled()) {
            throw ProblemException.notFound("The outbox is disabled.");
        }
        int max = Limits.pageSize("limit", limit, 20, 200);
        TypedQuery<OutboxMessage> q = to == null || to.isEmpty()
                ? em.createQuery("select m from OutboxMessage m order by m.id desc", OutboxMessage.class)
                : em.createQuery("select m from OutboxMessage m where m.recipient = :to order by m.id desc",
                        OutboxMessage.class).setParameter("to", to);
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (OutboxMessage m : q.setMaxResults(max).getResultList()) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("to", m.recipient()).add("channel", m.channel());
            if (m.subject() != null) {
                o.add("subject", m.subject());
            }
            a.add(o.add("text", m.text()).add("sentAt", Times.format(m.sentAt())));
        }
        return a.build().toString();
    }
}
