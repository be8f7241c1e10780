package io.watchword.platform;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Server-made secrets, created once and shared by every node on the database. Two nodes
 * starting together may both try to create one: the primary key lets exactly one insert
 * win, and both then read the winner's value.
 */
@Stateless
public class ServerSecrets {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @EJB
    ServerSecrets self;

    /** The named secret, created with {@code generator} if no node has made it yet. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String getOrCreate(String name, Supplier<String> generator) {
        String existing = self.read(name);
        if (existing != null) {
            return existing;
        }
        try {
            self.insert(name, generator.get());
        } catch (RuntimeException lostRace) {
            // Another node inserted it first: its value is the one to use.
        }
        String created = self.read(name);
        if (created == null) {
            throw new IllegalStateException("Could not create the server secret " + name);
        }
        return created;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String read(String name) {
        ServerSecret s = em.find(ServerSecret.class, name);
        return s == null ? null : s.value();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insert(String name, String value) {
        em.persist(new ServerSecret(name, value, Instant.now()));
        em.flush();
    }
}
