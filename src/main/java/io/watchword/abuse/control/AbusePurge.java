package io.watchword.abuse.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Deletes counters whose windows are over. Every node
 * runs it (a non-persistent timer); the deletes are idempotent, so that is harmless.
 */
@Stateless
public class AbusePurge {

    private static final Logger LOG = Logger.getLogger(AbusePurge.class.getName());

    @Inject
    RateCounters counters;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "*/15", persistent = false)
    public void purge() {
        Instant now = clock.instant();
        int c = counters.purge(now);
        LOG.fine(() -> "Abuse protection purge: " + c + " counters");
    }
}
