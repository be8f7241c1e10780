package io.watchword.otp.entity;

import io.watchword.platform.SqlDialect;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One passcode issued for one step of one flow. It holds only the keyed hash of the code.
 * Its state changes only through the conditional updates below, so that checking and
 * consuming a code, or counting a failure, is one atomic statement even when several
 * requests (or several servers) race on it. They are native SQL (instants bound as UTC
 * offsets, the status by name): Hibernate 6 caches no plan for an HQL update and translated
 * each one again on every execution (≈ 1 % of the server's CPU each under the benchmark).
 */
@Entity
@Table(name = OtpAttempt.TABLE)
@NamedNativeQuery(name = OtpAttempt.CONSUME, query = "update " + OtpAttempt.TABLE + " set status = 'VERIFIED', ended_at = :now"
        + " where id = :id and " + OtpAttempt.STILL_OPEN,
        hints = @QueryHint(name = SqlDialect.QUERY_SPACES, value = OtpAttempt.TABLE))
@NamedNativeQuery(name = OtpAttempt.COUNT_FAILURE, query = "update " + OtpAttempt.TABLE + " set failures = failures + 1"
        + " where id = :id and " + OtpAttempt.STILL_OPEN,
        hints = @QueryHint(name = SqlDialect.QUERY_SPACES, value = OtpAttempt.TABLE))
@NamedNativeQuery(name = OtpAttempt.CLOSE, query = "update " + OtpAttempt.TABLE + " set status = :status, ended_at = :now"
        + " where id = :id and status = 'PENDING'",
        hints = @QueryHint(name = SqlDialect.QUERY_SPACES, value = OtpAttempt.TABLE))
@NamedNativeQuery(name = OtpAttempt.SUPERSEDE, query = "update " + OtpAttempt.TABLE
        + " set status = 'SUPERSEDED', ended_at = :now where flow_id = :flowId and step_id = :stepId and status = 'PENDING'",
        hints = @QueryHint(name = SqlDialect.QUERY_SPACES, value = OtpAttempt.TABLE))
public class OtpAttempt {

    static final String TABLE = "ww_otp_attempt";

    /** A passcode that can still be used or counted against: pending, tries left, not expired at {@code :now}. */
    static final String STILL_OPEN = "status = 'PENDING' and failures < max_failures and expires_at > :now";

    public static final String CONSUME = "OtpAttempt.consume";
    public static final String COUNT_FAILURE = "OtpAttempt.countFailure";
    public static final String CLOSE = "OtpAttempt.close";
    public static final String SUPERSEDE = "OtpAttempt.supersede";

    public enum Status { PENDING, VERIFIED, EXHAUSTED, EXPIRED, SUPERSEDED, UNDELIVERED }

    @Id
    private String id;

    @Column(name = "flow_id", nullable = false)
    private String flowId;

    @Column(name = "step_id", nullable = false)
    private String stepId;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(nullable = false)
    private String channel;

    @Column(name = "code_hash", nullable = false)
    private String codeHash;

    @Column(nullable = false)
    private int failures;

    @Column(name = "max_failures", nullable = false)
    private int maxFailures;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Status status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    protected OtpAttempt() {
    }

    public OtpAttempt(String id, String flowId, String stepId, String userId, String channel,
                      String codeHash, int maxFailures, Instant createdAt, Instant expiresAt) {
        if (maxFailures < 1 || !expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("An attempt needs tries and a future expiry");
        }
        this.id = id;
        this.flowId = flowId;
        this.stepId = stepId;
        this.userId = userId;
        this.channel = channel;
        this.codeHash = codeHash;
        this.maxFailures = maxFailures;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.status = Status.PENDING;
    }

    /** Whether a code may still be checked against this passcode: open, or why not. */
    public enum Openness { OPEN, EXPIRED, CLOSED }

    /** The passcode's own verdict on being checked at {@code now} (its counts change only by the updates above). */
    public Openness opennessAt(Instant now) {
        if (status == Status.EXPIRED || (status == Status.PENDING && isExpired(now))) {
            return Openness.EXPIRED;
        }
        return status == Status.PENDING ? Openness.OPEN : Openness.CLOSED;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public int attemptsLeft() {
        return Math.max(0, maxFailures - failures);
    }

    public String id() { return id; }
    public String flowId() { return flowId; }
    public String stepId() { return stepId; }
    public String userId() { return userId; }
    public String channel() { return channel; }
    public String codeHash() { return codeHash; }
    public int failures() { return failures; }
    public int maxFailures() { return maxFailures; }
    public Status status() { return status; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
}
