package io.watchword.channel;

/**
 * One call to a provider, fired as a CDI event when it returns (metrics observe it): which
 * connection and provider, how long it took, and — when it failed — the failure's code
 * ({@code provider_error}, {@code invalid_recipient}), HTTP status if any and short reason.
 * A connection passed over without a call (open breaker, full bulkhead) is an attempt
 * with {@code nanos} -1. Never a recipient, message or secret.
 */
public record DeliveryAttempt(String connection, String provider, ChannelType channel, long nanos,
                              String failureCode, Integer status, String reason) {

    public boolean failed() {
        return failureCode != null;
    }

    /** No call was made: the connection was passed over ({@code nanos} is -1). */
    public boolean skipped() {
        return nanos < 0;
    }
}
