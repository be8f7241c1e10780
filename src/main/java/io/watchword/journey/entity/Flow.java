package io.watchword.journey.entity;

import io.watchword.platform.SqlDialect;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One run of a journey, persisted between client requests (no session state in memory).
 * It ends exactly once: success, rejection, expiry or cancellation.
 */
@Entity
@Table(name = "ww_flow")
@NamedNativeQuery(name = Flow.SEND_DELIVERED, query = "update ww_flow set send_id = null, send_until = null,"
        + " resume_token_hash = null, token_hash = :tokenHash, step_state = :stepState, version = version + 1"
        + " where id = :id and send_id = :sendId and status = 'ACTIVE' and expires_at > :now",
        hints = @QueryHint(name = SqlDialect.QUERY_SPACES, value = "ww_flow"))
public class Flow {

    /**
     * The flow's running send delivered its passcode: the flow waits for it with a new token —
     * if it still waits for that send, is active and has not expired (else it matches nothing).
     * Native SQL (the instant bound as a UTC offset): Hibernate 6 caches no plan for an HQL update.
     */
    public static final String SEND_DELIVERED = "Flow.sendDelivered";

    public enum Status { ACTIVE, SUCCESS, REJECTED, EXPIRED, CANCELLED }

    @Id
    private String id;

    @Column(name = "journey_id", nullable = false)
    private String journeyId;

    /** SHA-256 of the interaction token the flow currently accepts. */
    @Column(name = "token_hash")
    private String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "current_step")
    private String currentStep;

    @Column(nullable = false)
    private String variables;

    @Column(name = "step_state")
    private String stepState;

    @Column(name = "user_context")
    private String userContext;

    @Column(name = "request_params")
    private String requestParams;

    /** The BCP 47 tag the start request asked for (contract §10); null when it named none. */
    @Column(name = "locale", length = 64)
    private String locale;

    /** The send running for this flow outside its request's transaction (contract §8), or null. */
    @Column(name = "send_id", length = 36)
    private String sendId;

    /** When the running send is overdue: past it, its node is taken for dead. */
    @Column(name = "send_until")
    private Instant sendUntil;

    /** The hash of the interaction token the client held when the send began (works again once it is overdue). */
    @Column(name = "resume_token_hash", length = 64)
    private String resumeTokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Version
    private long version;

    protected Flow() {
    }

    public Flow(String id, String journeyId, String requestParams, Instant now, Instant expiresAt) {
        this.id = id;
        this.journeyId = journeyId;
        this.requestParams = requestParams;
        this.createdAt = now;
        this.expiresAt = expiresAt;
        this.status = Status.ACTIVE;
        this.variables = "{}";
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Ends the flow; a flow that has ended cannot end again. */
    public void end(Status outcome, Instant now) {
        if (!isActive() || outcome == Status.ACTIVE) {
            throw new IllegalStateException("Flow " + id + " has already ended as " + status);
        }
        this.status = outcome;
        this.endedAt = now;
        this.stepState = null;
    }

    public void waitAt(String stepId, String tokenHash) {
        this.currentStep = stepId;
        this.tokenHash = tokenHash;
    }

    /**
     * A send starts: no token works until it reports (its outcome issues the next one), except
     * {@code resumeTokenHash} once {@code until} has passed.
     */
    public void sending(String sendId, Instant until, String resumeTokenHash) {
        this.sendId = sendId;
        this.sendUntil = until;
        this.resumeTokenHash = resumeTokenHash;
        this.tokenHash = null;
    }

    /** The send reported, or was given up as overdue. */
    public void sendDone() {
        this.sendId = null;
        this.sendUntil = null;
        this.resumeTokenHash = null;
    }

    /** An overdue send is given up: the token the client held when it began works again. */
    public void resume() {
        this.tokenHash = resumeTokenHash;
        sendDone();
    }

    /** A send runs and has not reached its deadline. */
    public boolean isSending(Instant now) {
        return sendId != null && now.isBefore(sendUntil);
    }

    public String id() { return id; }
    public String sendId() { return sendId; }
    public Instant sendUntil() { return sendUntil; }
    public String resumeTokenHash() { return resumeTokenHash; }
    public String journeyId() { return journeyId; }
    public String tokenHash() { return tokenHash; }
    public Status status() { return status; }
    public String currentStep() { return currentStep; }
    public String variables() { return variables; }
    public void variables(String json) { this.variables = json; }
    public String stepState() { return stepState; }
    public void stepState(String json) { this.stepState = json; }
    public String userContext() { return userContext; }
    public void userContext(String json) { this.userContext = json; }
    public String requestParams() { return requestParams; }
    public String locale() { return locale; }
    public void locale(String tag) { this.locale = tag; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant endedAt() { return endedAt; }
}
