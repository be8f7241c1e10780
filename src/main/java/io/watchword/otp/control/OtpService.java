package io.watchword.otp.control;

import io.watchword.otp.entity.OtpAttempt;
import io.watchword.otp.entity.UserLockout;
import io.watchword.platform.Settings;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, checks and consumes passcodes, and keeps the per-user lockout. Every check that
 * must be atomic is one conditional UPDATE (or a locked row), never a read followed by a
 * write, so concurrent requests on one or several servers cannot both win.
 */
@Stateless
public class OtpService {

    /** A passcode just issued: the code exists only here, on its way to the user. */
    public record Issued(String attemptId, String passcode, Instant expiresAt, int maxFailures) {
    }

    private final PasscodeGenerator generator = new PasscodeGenerator();

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    PasscodeKeyring keyring;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @EJB
    OtpService self;

    public OtpPolicy policy() {
        return OtpPolicy.of(settings);
    }

    /** A new passcode for the step, issued now. */
    public Issued issue(String flowId, String stepId, String userId, String channel) {
        return issue(flowId, stepId, userId, channel, clock.instant());
    }

    /**
     * A new passcode for the step, issued at {@code now} (the request's time, so the
     * {@code expires_in} the client sees is exactly the configured expiry); any passcode
     * issued before it for the step stops working.
     */
    public Issued issue(String flowId, String stepId, String userId, String channel, Instant now) {
        return issue(flowId, stepId, userId, channel, now, null);
    }

    /**
     * As {@link #issue(String, String, String, String, Instant)}, with the fixed code of a test
     * recipient ({@link TestRecipients#codeFor}) instead of a random one when it is not null:
     * stored as its keyed hash like any passcode, with the same expiry and attempts.
     */
    public Issued issue(String flowId, String stepId, String userId, String channel, Instant now, String fixedCode) {
        OtpPolicy p = policy();
        if (fixedCode != null && fixedCode.length() != p.length()) {
            throw new IllegalArgumentException("A fixed passcode must have " + p.length() + " digits");
        }
        em.createNamedQuery(OtpAttempt.SUPERSEDE)
                .setParameter("flowId", flowId).setParameter("stepId", stepId)
                .setParameter("now", now).executeUpdate();
        String id = io.watchword.platform.Randoms.uuid().toString();
        String code = fixedCode != null ? fixedCode : generator.generate(p.length());
        Instant expires = now.plus(p.expiry());
        em.persist(new OtpAttempt(id, flowId, stepId, userId, channel,
                keyring.hasher().hash(id, code), p.maxFailures(), now, expires));
        return new Issued(id, code, expires, p.maxFailures());
    }

    public OtpAttempt attempt(String attemptId) {
        return em.find(OtpAttempt.class, attemptId);
    }

    /**
     * Checks a submitted passcode against the attempt. A right code is consumed by one
     * conditional update (only one request can see it succeed); a wrong one is counted by
     * another before the answer is given.
     */
    public VerifyOutcome verify(String attemptId, String passcode) {
        Instant now = clock.instant();
        OtpAttempt a = em.find(OtpAttempt.class, attemptId);
        if (a != null && a.status() == OtpAttempt.Status.EXPIRED) {
            return VerifyOutcome.of(VerifyOutcome.Kind.EXPIRED);
        }
        if (a == null || a.status() != OtpAttempt.Status.PENDING) {
            return VerifyOutcome.of(VerifyOutcome.Kind.CLOSED);
        }
        if (a.isExpired(now)) {
            return VerifyOutcome.of(VerifyOutcome.Kind.EXPIRED);
        }
        if (keyring.hasher().matches(attemptId, passcode, a.codeHash())) {
            int won = em.createNamedQuery(OtpAttempt.CONSUME)
                    .setParameter("id", attemptId).setParameter("now", now).executeUpdate();
            return won == 1 ? VerifyOutcome.of(VerifyOutcome.Kind.VERIFIED) : afterLostRace(a, now);
        }
        int counted = em.createNamedQuery(OtpAttempt.COUNT_FAILURE)
                .setParameter("id", attemptId).setParameter("now", now).executeUpdate();
        if (counted == 0) {
            return afterLostRace(a, now);
        }
        // Our update holds the row's lock until commit: the count read back is exactly ours,
        // so only the request that counted the last try sees zero left.
        em.refresh(a);
        VerifyOutcome outcome = VerifyOutcome.ofCountedFailure(a.attemptsLeft());
        if (outcome.kind() == VerifyOutcome.Kind.EXHAUSTED) {
            close(attemptId, OtpAttempt.Status.EXHAUSTED);
        }
        return outcome;
    }

    /** A conditional update matched nothing: the attempt ended meanwhile, or just expired. */
    private VerifyOutcome afterLostRace(OtpAttempt a, Instant now) {
        em.refresh(a);
        boolean expired = a.status() == OtpAttempt.Status.EXPIRED
                || (a.status() == OtpAttempt.Status.PENDING && a.isExpired(now));
        return VerifyOutcome.of(expired ? VerifyOutcome.Kind.EXPIRED : VerifyOutcome.Kind.CLOSED);
    }

    /** Ends a pending attempt (expired, undelivered…); no effect on one already ended. */
    public void close(String attemptId, OtpAttempt.Status status) {
        em.createNamedQuery(OtpAttempt.CLOSE).setParameter("id", attemptId)
                .setParameter("status", status).setParameter("now", clock.instant()).executeUpdate();
    }

    /**
     * Whether the user is locked now. Read as a value, not as a managed entity: a
     * {@link UserLockout} loaded here would sit stale in the persistence context, and the
     * locked read of {@link #recordExhausted} would then count from the stale number.
     */
    public boolean isLocked(String userId) {
        return standing(userId).locked();
    }

    /**
     * Whether the user is locked, read for a passcode about to be issued in this transaction
     * (contract §8: a locked user never gets a send, even from a race). The user's lockout row is
     * read with a shared lock held until the transaction ends; a request counting a wrong try
     * locks the row for update ({@link #recordWrongTry}), so the two are ordered: either that try
     * commits first and this send sees its lock, or it waits until this send's transaction has
     * issued the passcode. A user without a row gets one first, so that there is a row to lock
     * (in a transaction of its own, as {@link #recordWrongTry} creates it; losing that race to a
     * concurrent creator is harmless).
     */
    public boolean lockedForSend(String userId) {
        UserLockout l = em.find(UserLockout.class, userId, LockModeType.PESSIMISTIC_READ);
        if (l == null) {
            try {
                self.createLockoutRow(userId);
            } catch (RuntimeException lostRace) {
                // Another request created it first; the locked read below finds it.
            }
            l = em.find(UserLockout.class, userId, LockModeType.PESSIMISTIC_READ);
        }
        return l.isLocked(clock.instant());
    }

    /**
     * Where the user stands: locked now, and whether failures are being counted (so that a
     * success has a run to end). One read, of values rather than a managed entity (see
     * {@link #isLocked}).
     */
    public Standing standing(String userId) {
        List<Object[]> rows = em.createQuery("select l.lockedUntil, l.consecutiveFailures + l.failedTries from UserLockout l"
                        + " where l.userId = :id", Object[].class)
                .setParameter("id", userId).getResultList();
        if (rows.isEmpty()) {
            return Standing.CLEAR;
        }
        Instant until = (Instant) rows.get(0)[0];
        return new Standing(until != null && clock.instant().isBefore(until), ((Number) rows.get(0)[1]).intValue() > 0);
    }

    /** A user's lockout row, read as values: {@link #CLEAR} when the user has none. */
    public record Standing(boolean locked, boolean countingFailures) {
        public static final Standing CLEAR = new Standing(false, false);
    }

    /** When the user's current or last lock ends, if the user was ever locked. */
    public Optional<Instant> lockedUntil(String userId) {
        return em.createQuery("select l.lockedUntil from UserLockout l where l.userId = :id", Instant.class)
                .setParameter("id", userId).getResultStream().filter(Objects::nonNull).findFirst();
    }

    /**
     * Counts a passcode of the user that ended in max_attempts_exceeded (its last wrong try);
     * returns true when it locks the user.
     */
    public boolean recordExhausted(String userId) {
        return recordWrongTry(userId, true);
    }

    /**
     * Counts one wrong passcode submission of the user, on the user's row locked for the update
     * (contract §11: across passcodes, resends and flows); {@code exhausted} when it used the
     * passcode's last try. Returns true when this try locks the user.
     */
    public boolean recordWrongTry(String userId, boolean exhausted) {
        UserLockout l = lockedRow(userId);
        if (l == null) {
            try {
                self.createLockoutRow(userId);
            } catch (RuntimeException lostRace) {
                // Another request created it first; the locked read below finds it.
            }
            l = lockedRow(userId);
        }
        OtpPolicy p = policy();
        return l.countWrongTry(exhausted, p.lockoutThreshold(), p.maxFailedTries(), p.lockoutDuration(), clock.instant());
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

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void createLockoutRow(String userId) {
        em.persist(new UserLockout(userId, clock.instant()));
        em.flush();
    }

    /** A success ends the run of failures. */
    public void recordSuccess(String userId) {
        em.createQuery("update UserLockout l set l.consecutiveFailures = 0, l.failedTries = 0, l.updatedAt = :now"
                        + " where l.userId = :id and (l.consecutiveFailures > 0 or l.failedTries > 0)")
                .setParameter("id", userId).setParameter("now", clock.instant()).executeUpdate();
    }
}
