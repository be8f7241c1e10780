package io.watchword.retention;

import static io.watchword.platform.Times.utc;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * One bounded batch of retention work per call, each in its own short transaction, by indexed
 * columns, in SQL that H2 and PostgreSQL share. Every statement is idempotent and conditional:
 * when two servers run the same batch at once, a row is changed or deleted by one of them only
 * (the other waits for the row, re-checks its condition and skips it), so the counts returned
 * add up to what really happened. The batch size is a validated integer, written into the SQL
 * because PostgreSQL and H2 agree on literal row limits.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Purger {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    /**
     * Ends active flows whose lifetime is over as {@code EXPIRED}, at the moment they expired:
     * every flow ends exactly once, and one left unattended ends by expiry (a client answering
     * later gets 409, as it would have). A flow a request is working on holds its row lock; this
     * update waits for it and skips the flow when that request has ended it.
     */
    public int expireUnattended(Instant now, int batch) {
        return em.createNativeQuery("update ww_flow set status = 'EXPIRED', ended_at = expires_at,"
                        + " step_state = null, version = version + 1"
                        + " where status = 'ACTIVE' and expires_at < ?1 and id in"
                        + " (select id from ww_flow where status = 'ACTIVE' and expires_at < ?1"
                        + " fetch first " + batch + " rows only)")
                .setParameter(1, utc(now)).executeUpdate();
    }

    public int deleteEndedFlows(Instant endedBefore, int batch) {
        return deleteBefore("ww_flow", "id", "ended_at", endedBefore, batch);
    }

    public int deleteAttempts(Instant createdBefore, int batch) {
        return deleteBefore("ww_otp_attempt", "id", "created_at", createdBefore, batch);
    }

    public int deleteEvents(Instant before, int batch) {
        return deleteBefore("ww_audit_event", "id", "at", before, batch);
    }

    public int deleteOutbox(Instant before, int batch) {
        return deleteBefore("ww_outbox_message", "id", "sent_at", before, batch);
    }

    /** Push tokens deactivated (unregistered, or refused by APNs/FCM) before {@code before}. */
    public int deleteInactivePushTokens(Instant before, int batch) {
        return em.createNativeQuery("delete from ww_push_token where active = false and updated_at < ?1 and id in"
                        + " (select id from ww_push_token where active = false and updated_at < ?1"
                        + " fetch first " + batch + " rows only)")
                .setParameter(1, utc(before)).executeUpdate();
    }

    /**
     * Lockout rows last changed before {@code before} whose lock (if any) is over at
     * {@code now}: their run of failures is forgotten. A request counting a failure holds the
     * row locked and moves {@code updated_at} to now, so the delete, waiting for it, skips the row.
     */
    public int deleteIdleLockouts(Instant before, Instant now, int batch) {
        String idle = "updated_at < ?1 and (locked_until is null or locked_until <= ?2)";
        return em.createNativeQuery("delete from ww_user_lockout where " + idle + " and user_id in"
                        + " (select user_id from ww_user_lockout where " + idle + " fetch first " + batch + " rows only)")
                .setParameter(1, utc(before)).setParameter(2, utc(now)).executeUpdate();
    }

    private int deleteBefore(String table, String key, String column, Instant cutoff, int batch) {
        return em.createNativeQuery("delete from " + table + " where " + column + " < ?1 and " + key + " in"
                        + " (select " + key + " from " + table + " where " + column + " < ?1"
                        + " fetch first " + batch + " rows only)")
                .setParameter(1, utc(cutoff)).executeUpdate();
    }
}
