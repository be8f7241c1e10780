package io.watchword.retention;

import io.watchword.platform.ConfigKeys;
import io.watchword.platform.Settings;
import java.time.Duration;
import java.time.Instant;

/**
 * How long finished data is kept, and the cutoffs that follow from it at a given moment.
 *
 * <p>Flows and their OTP attempts are kept {@code flows} after they end; audit events
 * {@code events} after they happen; outbox messages {@code outbox} after they are sent. The
 * flow retention must be at least the flow lifetime: an OTP attempt is purged by its creation
 * time, and only then is every attempt older than the cutoff sure to belong to a flow that
 * can no longer run.
 */
public record RetentionPolicy(Duration flows, Duration events, Duration outbox) {

    /** The moments before which rows go, computed once per purge round. */
    public record Cutoffs(Instant flowsEndedBefore, Instant attemptsCreatedBefore,
                          Instant eventsBefore, Instant outboxBefore) {
    }

    public RetentionPolicy {
        requirePositive(flows, "flows");
        requirePositive(events, "events");
        requirePositive(outbox, "outbox");
    }

    /** The policy, or why the settings cannot make one (the message names the problem). */
    public static RetentionPolicy of(Duration flows, Duration events, Duration outbox, Duration flowLifetime) {
        if (flows.compareTo(flowLifetime) < 0) {
            throw new IllegalArgumentException("must be at least the flow lifetime (" + flowLifetime + ")");
        }
        return new RetentionPolicy(flows, events, outbox);
    }

    /**
     * The policy the settings configure. Start-up calls it once, so that a flow retention
     * shorter than the flow expiry stops the deployment with a message naming its key.
     */
    public static RetentionPolicy of(Settings settings) {
        try {
            return of(settings.retentionFlows(), settings.retentionEvents(), settings.retentionOutbox(),
                    settings.flowExpiry());
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(ConfigKeys.RETENTION_FLOWS, settings.retentionFlows().toString(),
                    "at least " + ConfigKeys.FLOW_EXPIRY + " (" + settings.flowExpiry() + ")");
        }
    }

    public Cutoffs cutoffs(Instant now) {
        Instant flowCutoff = now.minus(flows);
        return new Cutoffs(flowCutoff, flowCutoff, now.minus(events), now.minus(outbox));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("retention of " + what + " must be a positive duration");
        }
    }
}
