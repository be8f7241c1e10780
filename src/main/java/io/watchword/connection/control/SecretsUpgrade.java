package io.watchword.connection.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Logger;

/**
 * At start, after the migrations: connection secrets written before they were bound to their
 * connection ({@code v1:}, AES-GCM without associated data) are decrypted once and written
 * again bound ({@code v2:}). Afterwards the unbound form is refused. Each row is replaced only
 * if it still holds the value read, so nodes starting together cannot overwrite each other.
 */
@Singleton
@Startup
@DependsOn("Bootstrap")
public class SecretsUpgrade {

    private static final Logger LOG = Logger.getLogger(SecretsUpgrade.class.getName());

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @PostConstruct
    void upgrade() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select name, provider, secrets from ww_connection where secrets like 'v1:%'").getResultList();
        int upgraded = 0;
        for (Object[] row : rows) {
            String name = (String) row[0];
            String provider = (String) row[1];
            String stored = (String) row[2];
            String bound;
            try {
                bound = cipher.upgrade(stored, name, provider);
            } catch (IllegalStateException e) {
                LOG.warning("The secrets of connection " + name + " cannot be decrypted (" + e.getMessage()
                        + "); an admin must send them again");
                continue;
            }
            if (bound != null) {
                upgraded += em.createNativeQuery("update ww_connection set secrets = ?1 where name = ?2 and secrets = ?3")
                        .setParameter(1, bound).setParameter(2, name).setParameter(3, stored).executeUpdate();
            }
        }
        if (upgraded > 0) {
            LOG.info("Bound the secrets of " + upgraded + " connection(s) to their connection (AES-GCM associated data)");
        }
    }
}
