package io.watchword.retention;

import io.watchword.platform.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a purge round every {@code watchword.retention.interval} on each node. The timer is not
 * persistent (no timer table, nothing to coordinate): every node purges on its own, which is safe
 * because a round is idempotent and each row is ended or deleted by one node only. A round still
 * running when the next tick comes makes that tick a no-op.
 */
@Singleton
@Startup
@DependsOn("Bootstrap")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Settings settings;

    @Inject
    RetentionRound round;

    @Inject
    Clock clock;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        long every = settings.retentionInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("watchword-retention", false));
    }

    @Timeout
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            round.run(clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Retention round failed; the next one retries", e);
        } finally {
            running.set(false);
        }
    }
}
