package io.watchword.audit.control;

import io.watchword.audit.entity.AuditEvent;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;

/** Answers the admin's queries on the lifecycle events that {@link AuditTrail} stored. */
@Stateless
public class AuditLog {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

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
