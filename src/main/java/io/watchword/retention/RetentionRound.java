package io.watchword.retention;

import io.watchword.platform.Settings;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One purge round: unattended flows are ended as expired, then expired data is deleted, table by
 * table, in batches (each its own transaction) until a batch comes back short. No transaction of
 * its own, so a long round never holds locks for long. Safe to run on every node at once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionRound {

    private static final Logger LOG = Logger.getLogger(RetentionRound.class.getName());
    /** Upper bound of batches per table and round, so one round ends even under a flood. */
    static final int MAX_BATCHES = 1000;

    @Inject
    Purger purger;

    @Inject
    Settings settings;

    public PurgeCounts run(Instant now) {
        RetentionPolicy.Cutoffs c = RetentionPolicy.of(settings).cutoffs(now);
        int batch = settings.retentionBatchSize();
        PurgeCounts counts = new PurgeCounts(
                drain("expire flows", () -> purger.expireUnattended(now, batch), batch),
                drain("flows", () -> purger.deleteEndedFlows(c.flowsEndedBefore(), batch), batch),
                drain("OTP attempts", () -> purger.deleteAttempts(c.attemptsCreatedBefore(), batch), batch),
                drain("audit events", () -> purger.deleteEvents(c.eventsBefore(), batch), batch),
                drain("outbox messages", () -> purger.deleteOutbox(c.outboxBefore(), batch), batch),
                drain("push tokens", () -> purger.deleteInactivePushTokens(now.minus(settings.retentionPushTokens()), batch), batch),
                drain("lockouts", () -> purger.deleteIdleLockouts(now.minus(settings.retentionLockouts()), now, batch), batch));
        if (counts.total() > 0) {
            LOG.info(() -> "Retention: " + counts);
        }
        return counts;
    }

    private static long drain(String what, IntSupplier batchRun, int batch) {
        long total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n;
            try {
                n = batchRun.getAsInt();
            } catch (RuntimeException e) {
                // Another node purging the same rows may make a batch fail on some databases;
                // its transaction rolled back alone, and the next round picks up what is left.
                LOG.log(Level.INFO, "Retention: a batch of {0} did not complete ({1}); the next round retries",
                        new Object[] {what, e.getClass().getSimpleName()});
                return total;
            }
            total += n;
            if (n < batch) {
                break;
            }
        }
        return total;
    }
}
