package io.watchword.abuse.control;

import io.watchword.abuse.entity.SmsBlock;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;

/** Storage of the SMS guard: the country codes it blocks. */
@Stateless
public class SmsBlocks {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Resource
    SessionContext context;

    public List<SmsBlock> active(Instant now) {
        return em.createNamedQuery(SmsBlock.ACTIVE, SmsBlock.class).setParameter("now", now).getResultList();
    }

    /**
     * Blocks {@code countryCode} until {@code until}, in a transaction of its own so that the
     * block holds even though the step that found it fails. When two nodes block the same code
     * at once the primary key keeps one; the other's insert is rolled back quietly.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void block(String countryCode, String reason, Instant since, Instant until) {
        SmsBlock b = em.find(SmsBlock.class, countryCode);
        if (b != null) {
            if (!b.isActive(since)) {
                b.renew(reason, since, until);
            }
            return;
        }
        try {
            em.persist(new SmsBlock(countryCode, reason, since, until));
            em.flush();
        } catch (PersistenceException raced) {
            context.setRollbackOnly();
        }
    }

    /** Lifts the active block of {@code countryCode}; false when there is none. */
    public boolean lift(String countryCode, Instant now) {
        SmsBlock b = em.find(SmsBlock.class, countryCode);
        if (b == null) {
            return false;
        }
        em.remove(b);
        return b.isActive(now);
    }
}
