package io.watchword.otp.control;

import io.watchword.otp.entity.UserLockout;
import io.watchword.platform.Settings;
import io.watchword.platform.SqlDialect;
import io.watchword.platform.Times;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-user lockout (contract §1, §11): wrong tries across passcodes, resends and flows,
 * counted on the user's row locked for the update, so two servers never both miss a lock.
 */
@Stateless
public class Lockouts {

    /** A user's lockout row, read as values: {@link #CLEAR} when the user has none. */
    public record Standing(boolean locked, boolean countingFailures, Instant lockedUntil) {
        public static final Standing CLEAR = new Standing(false, false, null);
    }

    /** Creates the user's row unless it exists, and waits for (then gives way to) a concurrent creator. */
    private static final String CREATE_PG = "insert into ww_user_lockout (user_id, updated_at) values (?, ?)"
            + " on conflict (user_id) do nothing";
    /** H2's MERGE … KEY: a row that another transaction inserts meanwhile is waited for and then updated, not a failure. */
    private static final String CREATE_H2 = "merge into ww_user_lockout (user_id, updated_at) key (user_id) values (?, ?)";

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Inject
    SqlDialect dialect;

    /**
     * Whether the user is locked, read for a passcode about to be issued in this transaction
     * (contract §8: a locked user never gets a send, even from a race). The user's row is read
     * with a shared lock held until the transaction ends; a request counting a wrong try locks
     * the row for update ({@link #recordWrongTry}), so the two are ordered: either that try
     * commits first and this send sees its lock, or it waits until this send's transaction has
     * issued the passcode. A user without a row gets one first, in this transaction, so that
     * there is a row to lock. On PostgreSQL a row this transaction has just inserted is locked by
     * it and holds the defaults (no lock), so it is not read again; H2's MERGE does not tell an
     * insert from the update of a row created meanwhile, so there it is.
     */
    public boolean lockedForSend(String userId) {
        UserLockout l = em.find(UserLockout.class, userId, LockModeType.PESSIMISTIC_READ);
        if (l == null) {
            if (createRow(userId) == 1 && dialect.postgres()) {
                return false;
            }
            l = em.find(UserLockout.class, userId, LockModeType.PESSIMISTIC_READ);
        }
        return l.isLocked(clock.instant());
    }

    /**
     * Where the user stands: locked now, and whether failures are being counted. One read, of
     * values, not a managed entity: a {@link UserLockout} loaded here would sit stale in the
     * persistence context, and the locked read of {@link #recordWrongTry} would count from it.
     */
    public Standing standing(String userId) {
        List<Object[]> rows = em.createQuery("select l.lockedUntil, l.consecutiveFailures + l.failedTries from UserLockout l"
                        + " where l.userId = :id", Object[].class)
                .setParameter("id", userId).getResultList();
        if (rows.isEmpty()) {
            return Standing.CLEAR;
        }
        Instant until = (Instant) rows.get(0)[0];
        return new Standing(until != null && clock.instant().isBefore(until),
                ((Number) rows.get(0)[1]).intValue() > 0, until);
    }

    /** When the user's current or last lock ends, if the user was ever locked. */
    public Optional<Instant> lockedUntil(String userId) {
        return em.createQuery("select l.lockedUntil from UserLockout l where l.userId = :id", Instant.class)
                .setParameter("id", userId).getResultStream().filter(Objects::nonNull).findFirst();
    }

    /** Counts a passcode of the user that ended in max_attempts_exceeded; true when it locks the user. */
    public boolean recordExhausted(String userId) {
        return recordWrongTry(userId, true);
    }

    /**
     * Counts one wrong passcode submission of the user, on the user's row locked for the update;
     * {@code exhausted} when it used the passcode's last try. Returns true when this try locks the user.
     */
    public boolean recordWrongTry(String userId, boolean exhausted) {
        UserLockout l = lockedRow(userId);
        if (l == null) {
            createRow(userId);
            l = lockedRow(userId);
        }
        OtpPolicy p = OtpPolicy.of(settings);
        return l.countWrongTry(exhausted, p.lockoutThreshold(), p.maxFailedTries(), p.lockoutDuration(), clock.instant());
    }

    /** A success ends the run of failures. */
    public void recordSuccess(String userId) {
        em.createQuery("update UserLockout l set l.consecutiveFailures = 0, l.failedTries = 0, l.updatedAt = :now"
                        + " where l.userId = :id and (l.consecutiveFailures > 0 or l.failedTries > 0)")
                .setParameter("id", userId).setParameter("now", clock.instant()).executeUpdate();
    }

    /**
     * Creates the user's row in the caller's transaction by one statement that gives way to a
     * concurrent creator (it waits for that one's commit, then leaves its row as it is: no failure
     * that would roll the request back), so the locked read that follows finds a row. The counts
     * start from the columns' defaults (0). Returns the rows written: on PostgreSQL 1 when this
     * transaction inserted it, 0 when another one did; always 1 on H2.
     */
    private int createRow(String userId) {
        return em.createNativeQuery(dialect.postgres() ? CREATE_PG : CREATE_H2)
                .setHint(SqlDialect.QUERY_SPACES, "ww_user_lockout")
                .setParameter(1, userId).setParameter(2, Times.utc(clock.instant())).executeUpdate();
    }

    /** The user's row, locked and read fresh from the database (never the cached state). */
    private UserLockout lockedRow(String userId) {
        UserLockout cached = em.find(UserLockout.class, userId);
        if (cached == null) {
            return null;
        }
        em.refresh(cached, LockModeType.PESSIMISTIC_WRITE);
        return cached;
    }
}
