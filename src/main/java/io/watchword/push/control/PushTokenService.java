package io.watchword.push.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.DeviceUnregistered;
import io.watchword.platform.Digests;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.ProblemException;
import io.watchword.push.entity.PushToken;
import io.watchword.push.entity.UsedToken;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Registered push tokens: one per provider and token value, newest first per user. */
@Stateless
public class PushTokenService {

    public record Registration(PushToken token, boolean created) {
    }

    /**
     * Who registers: an admin, or a user holding a completion token of a passcode journey,
     * which may register once ({@code jti}, until {@code expiresAt}).
     */
    public record Registrant(boolean admin, String jti, Instant expiresAt) {
        public static final Registrant ADMIN = new Registrant(true, null, null);

        public static Registrant completionToken(String jti, Instant expiresAt) {
            return new Registrant(false, jti, expiresAt);
        }
    }

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<LifecycleEvent> events;

    /**
     * Registers or refreshes a device (contract §4, §11). A token value that another user
     * holds moves only when an admin says so; a completion token is used up by the
     * registration it made, in the same transaction (a refused registration uses nothing up).
     */
    public Registration register(String userId, String token, String provider, String deviceName, Registrant who) {
        Instant now = clock.instant();
        PushToken existing = byValue(provider, token);
        if (existing != null && !existing.userId().equals(userId) && !who.admin()) {
            throw ProblemException.conflict(ErrorCodes.PUSH_TOKEN_TAKEN,
                    "This device token is registered to another user; an admin can move it.");
        }
        if (!who.admin()) {
            useOnce(who, now);
        }
        Registration r;
        if (existing != null) {
            String previousOwner = existing.userId();
            existing.refresh(userId, deviceName, now);
            r = new Registration(existing, false);
            if (!previousOwner.equals(userId)) {
                audit(LifecycleEvent.PUSH_DELETED, previousOwner, "moved", existing);
            }
        } else {
            PushToken t = new PushToken(UUID.randomUUID().toString(), userId, provider, token, Digests.sha256Hex(token),
                    deviceName, now);
            em.persist(t);
            try {
                // The unique (provider, token_hash) key decides between two first registrations at once.
                em.flush();
            } catch (PersistenceException e) {
                throw ProblemException.conflict(ErrorCodes.PUSH_TOKEN_REGISTERED_CONCURRENTLY,
                        "The same token was registered at the same moment; send the registration again.");
            }
            r = new Registration(t, true);
        }
        audit(LifecycleEvent.PUSH_REGISTERED, userId, r.created() ? "created" : "refreshed", r.token());
        return r;
    }

    /** Stores the completion token's jti: a second use fails on the primary key. */
    private void useOnce(Registrant who, Instant now) {
        em.createQuery("delete from UsedToken u where u.expiresAt < :now").setParameter("now", now).executeUpdate();
        try {
            // Looked up first so that a plain replay is refused without a failed insert; the
            // primary key still decides between two registrations racing with one token.
            if (who.jti() != null && em.find(UsedToken.class, who.jti()) != null) {
                throw new IllegalArgumentException("used");
            }
            em.persist(new UsedToken(who.jti(), now, who.expiresAt()));
            em.flush();
        } catch (PersistenceException | IllegalArgumentException e) {
            throw new ProblemException(401, ErrorCodes.UNAUTHORIZED, "Unauthorized",
                    "This completion token has already registered a device.");
        }
    }

    private void audit(String type, String userId, String outcome, PushToken t) {
        events.fire(new LifecycleEvent(type, userId, null, "push", outcome,
                Map.of("pushTokenId", t.id(), "provider", t.provider())));
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
        audit(LifecycleEvent.PUSH_DELETED, t.userId(), "deleted", t);
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
                .setParameter("p", provider).setParameter("h", Digests.sha256Hex(token))
                .getResultStream().findFirst().orElse(null);
    }

    /** A provider said a device is dead (fired by delivery): it is never used again until registered anew. */
    public void unregistered(@Observes DeviceUnregistered e) {
        deactivate(e.deviceId());
    }

    /** The provider said the token is dead: it is never used again until registered anew. */
    public void deactivate(String id) {
        PushToken t = em.find(PushToken.class, id);
        if (t != null) {
            t.deactivate(clock.instant());
        }
    }
}
