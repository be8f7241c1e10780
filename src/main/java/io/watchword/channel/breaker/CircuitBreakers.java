package io.watchword.channel.breaker;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.platform.Settings;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The circuit breakers of the connections (contract §8), kept in the database so that every
 * node skips an open connection. Each change is a short transaction of its own, taken between
 * provider calls, never around one. A connection that never failed has no row: a send through
 * a healthy connection reads its breakers in one query and writes nothing.
 */
@Stateless
public class CircuitBreakers {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Inject
    Event<LifecycleEvent> events;

    /**
     * The breakers of these connections that have a row, by connection name: one look-up by
     * primary key each (a step names one or a few). Not one query with {@code in :names}: Hibernate
     * cannot cache the plan of a list parameter and built it on every send (2–3 % of the server's
     * CPU under the benchmark).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<String, ConnectionHealth> read(Collection<String> connections) {
        Map<String, ConnectionHealth> m = new HashMap<>();
        for (String name : connections) {
            ConnectionHealth h = em.find(ConnectionHealth.class, name);
            if (h != null) {
                m.put(name, h);
            }
        }
        return m;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ConnectionHealth health(String connection) {
        return em.find(ConnectionHealth.class, connection);
    }

    /**
     * Whether a send may call the connection now: always when closed; never while open; once
     * open time is up, only the one send that claims the trial (one conditional update, so two
     * nodes never both try). {@code seen} is the row read before the send, or null.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean admit(String connection, ConnectionHealth seen) {
        if (seen == null || !seen.isOpen()) {
            return true;
        }
        Instant now = clock.instant();
        if (!seen.isHalfOpen(now)) {
            return false;
        }
        // The trial may take as long as a send can; until then no other send claims it.
        return em.createQuery("update ConnectionHealth h set h.trialUntil = :until, h.version = h.version + 1"
                        + " where h.connection = :name and h.state = 'OPEN' and h.openUntil <= :now"
                        + " and (h.trialUntil is null or h.trialUntil < :now)")
                .setParameter("until", now.plus(settings.breakerOpenFor()))
                .setParameter("name", connection).setParameter("now", now).executeUpdate() == 1;
    }

    /** A call went through. Writes only when the row had failures or was open. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void succeeded(String connection, ConnectionHealth seen) {
        if (seen == null || !seen.needsClosing()) {
            return;
        }
        close(connection);
    }

    /** Closes the connection's breaker (a send or a test send went through). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void close(String connection) {
        ConnectionHealth h = em.find(ConnectionHealth.class, connection, LockModeType.PESSIMISTIC_WRITE);
        if (h != null && h.succeeded()) {
            fire(LifecycleEvent.CONNECTION_CLOSED, "closed", Map.of("connection", connection));
        }
    }

    /**
     * A provider failure that another provider could fix: counted; at the threshold the breaker
     * opens ({@code connection.opened}). A first failure inserts the row; a node that loses that
     * insert to another gets an exception and counts again (the row is there by then).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void failed(String connection, String reason) {
        Instant now = clock.instant();
        ConnectionHealth h = em.find(ConnectionHealth.class, connection, LockModeType.PESSIMISTIC_WRITE);
        if (h == null) {
            h = new ConnectionHealth(connection);
            em.persist(h);
        }
        if (h.failed(reason, now, settings.breakerFailures(), settings.breakerOpenFor())) {
            Map<String, Object> details = new HashMap<>();
            details.put("connection", connection);
            details.put("consecutiveFailures", h.consecutiveFailures());
            details.put("openUntil", io.watchword.platform.Times.format(h.openUntil()));
            fire(LifecycleEvent.CONNECTION_OPENED, "opened", details);
        }
        em.flush();
    }

    /** The connection is deleted: its breaker goes with it, so a new one of that name starts closed. */
    public void forget(String connection) {
        em.createQuery("delete from ConnectionHealth h where h.connection = :name")
                .setParameter("name", connection).executeUpdate();
    }

    private void fire(String type, String outcome, Map<String, Object> details) {
        events.fire(new LifecycleEvent(type, null, null, null, outcome, details));
    }
}
