package io.watchword.journey.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.otp.control.Lockouts;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The OTP step's lifecycle events (contract §3), observed by the audit log and the metrics. */
@ApplicationScoped
public class OtpAudit {

    @Inject
    Event<LifecycleEvent> events;

    @Inject
    Lockouts lockouts;

    public void fire(String type, OtpStepState s, FlowRun run, String outcome, Map<String, Object> details) {
        events.fire(new LifecycleEvent(type, s.userId(), run.flow().id(), s.channel(), outcome, details));
    }

    public void fire(String type, String userId, String flowId, String channel, String outcome, Map<String, Object> details) {
        events.fire(new LifecycleEvent(type, userId, flowId, channel, outcome, details));
    }

    /**
     * A locked user gets nothing sent and nothing checked; the refusal is audited too.
     * {@code until}: the lock's end, looked up when null.
     */
    public StepOutcome lockedOut(String userId, String channel, FlowRun run, Instant until) {
        Map<String, Object> details = new LinkedHashMap<>();
        (until != null ? Optional.of(until) : lockouts.lockedUntil(userId))
                .ifPresent(t -> details.put("locked_until", Times.format(t)));
        fire(LifecycleEvent.USER_LOCKED_OUT, userId, run.flow().id(), channel, "refused", details);
        return new StepOutcome.Fail(StepFailure.of(ErrorCodes.LOCKED_OUT,
                "Too many failed passcodes: this user is locked out for a while."));
    }

    /** This try locked the user until {@code until}: audited with the lock's end and length (locks that follow each other double). */
    public void lockedNow(OtpStepState s, FlowRun run, Instant until) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (until != null) {
            details.put("locked_until", Times.format(until));
            details.put("duration_seconds", Times.secondsUntil(run.now(), until));
        }
        fire(LifecycleEvent.USER_LOCKED_OUT, s, run, "locked", details);
    }
}
