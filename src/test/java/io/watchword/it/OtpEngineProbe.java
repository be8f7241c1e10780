package io.watchword.it;

import io.watchword.otp.control.Lockouts;
import io.watchword.otp.entity.OtpAttempt;
import io.watchword.otp.entity.UserLockout;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test-only (packaged into OtpEngineIT's deployment, never into src/main): moves time for
 * one attempt or lock without waiting for it, and reads raw rows, each call in its own
 * transaction.
 */
@Stateless
public class OtpEngineProbe {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Lockouts lockouts;

    /** The flow's pending passcodes reach their expiry now (as if five minutes had passed). */
    public int expirePasscodesOf(String flowId) {
        return em.createQuery("update OtpAttempt a set a.expiresAt = :past where a.flowId = :flowId and a.status = :pending")
                .setParameter("past", Instant.now().minusSeconds(1)).setParameter("flowId", flowId)
                .setParameter("pending", OtpAttempt.Status.PENDING).executeUpdate();
    }

    /** The user's lock reaches its end now. */
    public int endLockOf(String userId) {
        return em.createQuery("update UserLockout l set l.lockedUntil = :past where l.userId = :id and l.lockedUntil is not null")
                .setParameter("past", Instant.now().minusSeconds(1)).setParameter("id", userId).executeUpdate();
    }

    /** What the OTP step does in one transaction when a passcode is exhausted: check the lock, then count. */
    public boolean checkThenRecordExhausted(String userId) {
        lockouts.standing(userId).locked();
        return lockouts.recordExhausted(userId);
    }

    /** What a send does first, its transaction then held open a moment, so that racing ones overlap. */
    public boolean lockedForSendHeld(String userId) throws InterruptedException {
        boolean locked = lockouts.lockedForSend(userId);
        Thread.sleep(200);
        return locked;
    }

    public int storedFailures(String attemptId) {
        return ((Number) em.createNativeQuery("select failures from ww_otp_attempt where id = ?1")
                .setParameter(1, attemptId).getSingleResult()).intValue();
    }

    public UserLockout lockout(String userId) {
        return em.find(UserLockout.class, userId);
    }

    /** Every column of the rows a native query selects, each row as one text line. */
    public List<String> rows(String sql, String parameter) {
        List<String> lines = new ArrayList<>();
        for (Object row : em.createNativeQuery(sql).setParameter(1, parameter).getResultList()) {
            Object[] cells = row instanceof Object[] a ? a : new Object[] {row};
            lines.add(Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ")));
        }
        return lines;
    }
}
