package io.watchword.channel.breaker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;

/**
 * A connection's circuit breaker (contract §8), one row per connection that ever failed,
 * shared by every node. It decides its own transitions: failures counted in a row open it,
 * an open breaker admits one trial once {@code openUntil} has passed, a success closes it.
 */
@Entity
@Table(name = "ww_connection_health")
public class ConnectionHealth {

    public enum State { CLOSED, OPEN }

    @Id
    @Column(name = "connection_name")
    private String connection;

    @Column(nullable = false, length = 16)
    private String state;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "open_until")
    private Instant openUntil;

    @Column(name = "trial_until")
    private Instant trialUntil;

    @Column(name = "last_failure_at")
    private Instant lastFailureAt;

    @Column(name = "last_failure_reason", length = 300)
    private String lastFailureReason;

    @Version
    private long version;

    protected ConnectionHealth() {
    }

    public ConnectionHealth(String connection) {
        this.connection = connection;
        this.state = State.CLOSED.name();
    }

    /**
     * Counts a failure; returns true when this failure opened the breaker. A failed trial (the
     * breaker was open) opens it again for another {@code openFor}.
     */
    public boolean failed(String reason, Instant now, int threshold, Duration openFor) {
        consecutiveFailures++;
        lastFailureAt = now;
        lastFailureReason = reason == null ? null : reason.length() > 300 ? reason.substring(0, 300) : reason;
        trialUntil = null;
        if (isOpen()) {
            openUntil = now.plus(openFor);
            return false;
        }
        if (consecutiveFailures >= threshold) {
            state = State.OPEN.name();
            openUntil = now.plus(openFor);
            return true;
        }
        return false;
    }

    /** A call went through: returns true when this closed an open breaker. */
    public boolean succeeded() {
        boolean wasOpen = isOpen();
        state = State.CLOSED.name();
        consecutiveFailures = 0;
        openUntil = null;
        trialUntil = null;
        return wasOpen;
    }

    /** Whether a success has something to close or reset (a healthy row needs no write). */
    public boolean needsClosing() {
        return isOpen() || consecutiveFailures > 0;
    }

    public boolean isOpen() {
        return State.OPEN.name().equals(state);
    }

    /** Open, and its time is up: the next send may try it once. */
    public boolean isHalfOpen(Instant now) {
        return isOpen() && openUntil != null && !now.isBefore(openUntil);
    }

    /** The contract's name of the state: {@code closed}, {@code open} or {@code half_open}. */
    public String stateName(Instant now) {
        return isHalfOpen(now) ? "half_open" : isOpen() ? "open" : "closed";
    }

    public String connection() { return connection; }
    public int consecutiveFailures() { return consecutiveFailures; }
    public Instant openUntil() { return openUntil; }
    public Instant trialUntil() { return trialUntil; }
    public Instant lastFailureAt() { return lastFailureAt; }
    public String lastFailureReason() { return lastFailureReason; }
}
