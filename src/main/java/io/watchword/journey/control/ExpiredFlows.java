package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;

/**
 * Ends the flows nobody answered before they expired, so every flow ends as exactly one of
 * success, rejection, expiry or cancellation even when its client walked away. One
 * conditional bulk update: a flow a request holds locked is skipped or waited for, and a
 * flow that ended meanwhile no longer matches. Each node runs it; running it twice is
 * harmless.
 */
@Stateless
public class ExpiredFlows {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "*", persistent = false, info = "end expired flows")
    public void endExpired() {
        em.createQuery("update Flow f set f.status = :expired, f.endedAt = f.expiresAt, f.stepState = null"
                        + " where f.status = :active and f.expiresAt <= :now")
                .setParameter("expired", Flow.Status.EXPIRED).setParameter("active", Flow.Status.ACTIVE)
                .setParameter("now", clock.instant()).executeUpdate();
    }
}
