package io.watchword.otp.control;

import io.watchword.otp.entity.OtpAttempt;
import io.watchword.platform.Settings;
import io.watchword.platform.Times;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;

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

    @Inject
    Lockouts lockouts;

    public OtpPolicy policy() {
        return OtpPolicy.of(settings);
    }

    /** A new passcode for the step, issued now. */
    public Issued issue(String flowId, String stepId, String userId, String channel) {
        return issue(flowId, stepId, userId, channel, clock.instant(), null);
    }

    /**
     * A new passcode for the step, issued at {@code now} (the request's time, so the
     * {@code expires_in} the client sees is exactly the configured expiry); any passcode issued
     * before it for the step stops working. {@code fixedCode}, when not null, is a test
     * recipient's ({@link TestRecipients#codeFor}), used instead of a random one: stored as its
     * keyed hash like any passcode, with the same expiry and attempts.
     */
    public Issued issue(String flowId, String stepId, String userId, String channel, Instant now, String fixedCode) {
        OtpPolicy p = policy();
        if (fixedCode != null && fixedCode.length() != p.length()) {
            throw new IllegalArgumentException("A fixed passcode must have " + p.length() + " digits");
        }
        em.createNamedQuery(OtpAttempt.SUPERSEDE)
                .setParameter("flowId", flowId).setParameter("stepId", stepId)
                .setParameter("now", Times.utc(now)).executeUpdate();
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
        OtpAttempt.Openness open = a == null ? OtpAttempt.Openness.CLOSED : a.opennessAt(now);
        if (open != OtpAttempt.Openness.OPEN) {
            return VerifyOutcome.of(open == OtpAttempt.Openness.EXPIRED ? VerifyOutcome.Kind.EXPIRED : VerifyOutcome.Kind.CLOSED);
        }
        if (keyring.hasher().matches(attemptId, passcode, a.codeHash())) {
            int won = em.createNamedQuery(OtpAttempt.CONSUME)
                    .setParameter("id", attemptId).setParameter("now", Times.utc(now)).executeUpdate();
            return won == 1 ? VerifyOutcome.of(VerifyOutcome.Kind.VERIFIED) : afterLostRace(a, now);
        }
        int counted = em.createNamedQuery(OtpAttempt.COUNT_FAILURE)
                .setParameter("id", attemptId).setParameter("now", Times.utc(now)).executeUpdate();
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
        return VerifyOutcome.of(a.opennessAt(now) == OtpAttempt.Openness.EXPIRED ? VerifyOutcome.Kind.EXPIRED : VerifyOutcome.Kind.CLOSED);
    }

    /** Ends a pending attempt (expired, undelivered…); no effect on one already ended. */
    public void close(String attemptId, OtpAttempt.Status status) {
        em.createNamedQuery(OtpAttempt.CLOSE).setParameter("id", attemptId)
                .setParameter("status", status.name()).setParameter("now", Times.utc(clock.instant())).executeUpdate();
    }

    /**
     * Checks what the client submitted for the step's passcode, every rule in one place: a locked
     * user gets nothing checked; a code of the wrong shape uses no try; a wrong code is counted for
     * the passcode and for the user (contract §11), and may lock the user; a right one ends the
     * user's run of failures.
     */
    public Verdict check(String attemptId, String userId, String code) {
        Lockouts.Standing standing = lockouts.standing(userId);
        if (standing.locked()) {
            return new Verdict(Verdict.Kind.LOCKED_OUT, 0, false, standing.lockedUntil());
        }
        if (!policy().fits(code)) {
            OtpAttempt a = attempt(attemptId);
            return Verdict.of(Verdict.Kind.MALFORMED, a == null ? 0 : a.attemptsLeft());
        }
        VerifyOutcome outcome = verify(attemptId, code);
        switch (outcome.kind()) {
            case VERIFIED -> {
                if (standing.countingFailures()) {
                    // a failure counted after the read above is ordered after this success
                    lockouts.recordSuccess(userId);
                }
                return Verdict.of(Verdict.Kind.VERIFIED, 0);
            }
            case INVALID, EXHAUSTED -> {
                boolean exhausted = outcome.kind() == VerifyOutcome.Kind.EXHAUSTED;
                boolean locked = lockouts.recordWrongTry(userId, exhausted);
                return new Verdict(exhausted ? Verdict.Kind.EXHAUSTED : Verdict.Kind.INVALID, outcome.attemptsLeft(),
                        locked, locked ? lockouts.lockedUntil(userId).orElse(null) : null);
            }
            case EXPIRED -> {
                close(attemptId, OtpAttempt.Status.EXPIRED);
                OtpAttempt a = attempt(attemptId); // read by verify: no statement
                return Verdict.of(Verdict.Kind.EXPIRED, a == null ? 0 : a.attemptsLeft());
            }
            default -> {
                return Verdict.of(Verdict.Kind.CLOSED, 0);
            }
        }
    }
}
