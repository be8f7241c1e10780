package io.watchword.push.control;

import io.watchword.platform.ProblemException;
import io.watchword.push.entity.PushToken;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Registered push tokens: one per provider and token value, newest first per user. */
@Stateless
public class PushTokenService {

    public record Registration(PushToken token, boolean created) {
    }

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Clock clock;

    public Registration register(String userId, String token, String provider, String deviceName) {
        PushToken existing = byValue(provider, token);
        if (existing != null) {
            existing.refresh(userId, deviceName, clock.instant());
            return new Registration(existing, false);
        }
        PushToken t = new PushToken(UUID.randomUUID().toString(), userId, provider, token, hash(token),
                deviceName, clock.instant());
        em.persist(t);
        try {
            // The unique (provider, token_hash) key decides between two first registrations at once.
            em.flush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict("push_token_registered_concurrently",
                    "The same token was registered at the same moment; send the registration again.");
        }
        return new Registration(t, true);
    }

    public List<PushToken> list(String userId) {
        return em.createQuery("select t from PushToken t where t.userId = :u order by t.updatedAt desc", PushToken.class)
                .setParameter("u", userId).getResultList();
    }

    public void delete(String id) {
        PushToken t = em.find(PushToken.class, id);
        if (t == null) {
            throw ProblemException.notFound("There is no push token " + id + ".");
        }
        em.remove(t);
    }

    /**
     * The user's most recently registered active token for the provider (null: any provider,
     * as for the development {@code outbox} connection), or null.
     */
    public PushToken latestActive(String userId, String provider) {
        return em.createQuery("select t from PushToken t where t.userId = :u and (:p is null or t.provider = :p)"
                        + " and t.active = true order by t.updatedAt desc, t.createdAt desc", PushToken.class)
                .setParameter("u", userId).setParameter("p", provider).setMaxResults(1)
                .getResultStream().findFirst().orElse(null);
    }

    public PushToken byValue(String provider, String token) {
        if (token == null) {
            return null;
        }
        return em.createQuery("select t from PushToken t where (:p is null or t.provider = :p) and t.tokenHash = :h"
                        + " order by t.updatedAt desc", PushToken.class)
                .setParameter("p", provider).setParameter("h", hash(token))
                .getResultStream().findFirst().orElse(null);
    }

    /** The provider said the token is dead: it is never used again until registered anew. */
    public void deactivate(String id) {
        PushToken t = em.find(PushToken.class, id);
        if (t != null) {
            t.deactivate(clock.instant());
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
