package io.watchword.audit.control;

import io.watchword.audit.entity.AuditEvent;
import io.watchword.platform.JsonValues;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.util.List;

/**
 * Persists lifecycle events in the transaction that caused them (an event of a request
 * that rolls back did not happen) and answers the admin's queries.
 */
@Stateless
public class AuditLog {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Clock clock;

    public void record(@Observes LifecycleEvent e) {
        em.persist(new AuditEvent(e.type(), e.userId(), e.flowId(), e.channel(), e.outcome(),
                e.details().isEmpty() ? null : JsonValues.toJson(e.details()).toString(),
                clock.instant()));
    }

    public List<AuditEvent> find(String userId, String type, int limit) {
        StringBuilder q = new StringBuilder("select e from AuditEvent e where 1 = 1");
        if (userId != null) {
            q.append(" and e.userId = :userId");
        }
        if (type != null) {
            q.append(" and e.type = :type");
        }
        q.append(" order by e.at desc, e.id desc");
        TypedQuery<AuditEvent> query = em.createQuery(q.toString(), AuditEvent.class).setMaxResults(limit);
        if (userId != null) {
            query.setParameter("userId", userId);
        }
        if (type != null) {
            query.setParameter("type", type);
        }
        return query.getResultList();
    }
}
