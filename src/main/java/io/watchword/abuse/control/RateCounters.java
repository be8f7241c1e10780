package io.watchword.abuse.control;

import io.watchword.abuse.entity.RateCounter;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;

/**
 * The counters' storage. Each change commits in a transaction of its own: a hit stays
 * counted even when the request that made it fails afterwards (the SMS went out anyway), and
 * the counter row is locked only for the instant of the update, not for a whole journey step.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RateCounters {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Resource
    SessionContext context;

    /** Adds one hit when the counter exists and holds fewer than {@code limit}; true if it did. */
    public boolean hitBelow(RateCounter.Key key, int limit) {
        return em.createNamedQuery(RateCounter.HIT_BELOW)
                .setParameter("kind", key.kind()).setParameter("subject", key.subject())
                .setParameter("windowSeconds", key.windowSeconds()).setParameter("windowStart", key.windowStart())
                .setParameter("limit", limit)
                .executeUpdate() == 1;
    }

    /**
     * Creates the counter with its first hit. False when another request created it first:
     * the primary key decides the race, and the loser's transaction is rolled back quietly.
     */
    public boolean insertFirst(RateCounter.Key key, Instant expiresAt) {
        if (em.find(RateCounter.class, key) != null) {
            return false;
        }
        try {
            em.persist(new RateCounter(key, expiresAt));
            em.flush();
            return true;
        } catch (PersistenceException raced) {
            context.setRollbackOnly();
            return false;
        }
    }

    /** The hits of one window, or 0 when there are none. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public int hits(RateCounter.Key key) {
        RateCounter c = em.find(RateCounter.class, key);
        return c == null ? 0 : c.hits();
    }

    /** The hits of the windows of {@code kind}/{@code subject} that started after {@code since}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long sumSince(String kind, String subject, long windowSeconds, Instant since) {
        Number n = (Number) em.createNamedQuery(RateCounter.SUM_SINCE)
                .setParameter("kind", kind).setParameter("subject", subject)
                .setParameter("windowSeconds", windowSeconds).setParameter("since", since)
                .getSingleResult();
        return n == null ? 0 : n.longValue();
    }

    /** Forgets every window of {@code kind}/{@code subject}. */
    public void reset(String kind, String subject) {
        em.createNamedQuery(RateCounter.DELETE_SUBJECT).setParameter("kind", kind)
                .setParameter("subject", subject).executeUpdate();
    }

    /** Deletes counters whose windows are over; returns how many. */
    public int purge(Instant now) {
        return em.createNamedQuery(RateCounter.PURGE).setParameter("now", now).executeUpdate();
    }
}
