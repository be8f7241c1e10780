package io.watchword.token.control;

import io.watchword.platform.SecretBox;
import io.watchword.platform.ServerSecret;
import io.watchword.token.entity.SigningKeyRecord;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The token signing keys (contract §11), all in the database so every node signs with the
 * key of the latest rotation at once: the newest key without {@code retired_at} signs, and a
 * key stays in the JWKS until {@code watchword.token.lifetime} after it was retired. Keys are
 * stored encrypted with {@link SecretBox} ({@code watchword.secrets.key}), bound to their kid.
 */
@Stateless
public class SigningKeys {

    /** Where versions before 5.1 of the schema kept the key, in clear. */
    static final String LEGACY_SECRET = "token-signing-key";

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    SecretBox box;

    @Inject
    Clock clock;

    @EJB
    SigningKeys self;

    /** The key that signs now; the first one is made (or moved from its clear legacy row) on first use. */
    public SigningKeyRecord current() {
        SigningKeyRecord r = newest();
        if (r == null) {
            try {
                self.createFirst();
            } catch (RuntimeException lostRace) {
                // another node made it first
            }
            r = newest();
            if (r == null) {
                throw new IllegalStateException("No token signing key could be created");
            }
        }
        return r;
    }

    /** Every key the JWKS lists now, newest first. */
    public List<SigningKeyRecord> published(Duration lifetime) {
        current();
        Instant now = clock.instant();
        return em.createQuery("select k from SigningKeyRecord k order by k.createdAt desc, k.kid", SigningKeyRecord.class)
                .getResultList().stream().filter(k -> k.publishedAt(now, lifetime)).toList();
    }

    /** The published key of that kid, or null. */
    public SigningKeyRecord published(String kid, Duration lifetime) {
        SigningKeyRecord r = kid == null || kid.length() > 64 ? null : em.find(SigningKeyRecord.class, kid);
        return r == null || !r.publishedAt(clock.instant(), lifetime) ? null : r;
    }

    /** Makes a new key the one that signs, on every node at once; the previous one stays published for a token lifetime. */
    public String rotate() {
        current();
        Instant now = clock.instant();
        em.createQuery("select k from SigningKeyRecord k where k.retiredAt is null", SigningKeyRecord.class)
                .getResultList().forEach(k -> k.retire(now));
        SigningKey fresh = SigningKey.generate();
        em.persist(new SigningKeyRecord(fresh.kid(), box.encrypt(fresh.serialize(), associatedData(fresh.kid())), now));
        em.flush();
        return fresh.kid();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void createFirst() {
        if (newest() != null) {
            return;
        }
        ServerSecret legacy = em.find(ServerSecret.class, LEGACY_SECRET);
        SigningKey key = legacy == null ? SigningKey.generate() : SigningKey.parse(legacy.value());
        em.persist(new SigningKeyRecord(key.kid(), box.encrypt(key.serialize(), associatedData(key.kid())),
                clock.instant()));
        if (legacy != null) {
            // Tokens signed before the upgrade keep verifying: the same key, now encrypted.
            em.remove(legacy);
        }
        em.flush();
    }

    private SigningKeyRecord newest() {
        List<SigningKeyRecord> rows = em.createQuery(
                "select k from SigningKeyRecord k where k.retiredAt is null order by k.createdAt desc, k.kid",
                SigningKeyRecord.class).setMaxResults(1).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The key pair of a stored record. */
    public SigningKey open(SigningKeyRecord r) {
        return SigningKey.parse(box.decrypt(r.value(), associatedData(r.kid())));
    }

    static String associatedData(String kid) {
        return "watchword token signing key\n" + kid;
    }
}
