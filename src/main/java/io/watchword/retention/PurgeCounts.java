package io.watchword.retention;

/** What one purge round did: rows ended or deleted per kind. */
public record PurgeCounts(long flowsExpired, long flowsDeleted, long attemptsDeleted, long eventsDeleted,
                          long outboxDeleted, long pushTokensDeleted, long lockoutsDeleted) {

    public long total() {
        return flowsExpired + flowsDeleted + attemptsDeleted + eventsDeleted + outboxDeleted + pushTokensDeleted
                + lockoutsDeleted;
    }

    @Override
    public String toString() {
        return flowsExpired + " flows expired, " + flowsDeleted + " flows, " + attemptsDeleted + " OTP attempts, "
                + eventsDeleted + " audit events, " + outboxDeleted + " outbox messages, " + pushTokensDeleted
                + " inactive push tokens and " + lockoutsDeleted + " idle lockout rows deleted";
    }
}
