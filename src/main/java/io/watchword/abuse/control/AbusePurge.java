package io.watchword.abuse.control;

import io.watchword.platform.Settings;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Deletes counters whose windows are over and SMS destinations of flows long ended. Every node
 * runs it (a non-persistent timer); the deletes are idempotent, so that is harmless.
 */
@Stateless
public class AbusePurge {

    private static final Logger LOG = Logger.getLogger(AbusePurge.class.getName());

    @Inject
    RateCounters counters;

    @Inject
    SmsDestinations destinations;

    @Inject
    Settings settings;

    @Inject
    AbuseSettings abuse;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "*/15", persistent = false)
    public void purge() {
        Instant now = clock.instant();
        int c = counters.purge(now);
        // a flow's SMS destination matters until the flow ends, and its verification counts in the window
        int d = destinations.purge(now.minus(settings.flowExpiry()).minus(abuse.conversionWindow()));
        LOG.fine(() -> "Abuse protection purge: " + c + " counters, " + d + " SMS destinations");
    }
}
