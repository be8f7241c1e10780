package io.watchword.retention;

/** What one purge round did: rows ended or deleted per kind. */
public record PurgeCounts(long flowsExpired, long flowsDeleted, long attemptsDeleted, long eventsDeleted,
                          long outboxDeleted) {

    public long total() {
        return flowsExpired + flowsDeleted + attemptsDeleted + eventsDeleted + outboxDeleted;
    }

    @Override
    public String toString() {
        return flowsExpired + " flows expired, " + flowsDeleted + " flows, " + attemptsDeleted + " OTP attempts, "
                + eventsDeleted + " audit events and " + outboxDeleted + " outbox messages deleted";
    }
}
