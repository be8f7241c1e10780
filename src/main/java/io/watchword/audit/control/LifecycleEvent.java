package io.watchword.audit.control;

import java.util.Map;

/**
 * Something that happened to a passcode or a user, fired as a CDI event: the audit log
 * persists it, and metrics may observe the same events. Never carries a passcode.
 */
public record LifecycleEvent(String type, String userId, String flowId, String channel,
                             String outcome, Map<String, Object> details) {

    public static final String OTP_SENT = "otp.sent";
    public static final String OTP_RESENT = "otp.resent";
    public static final String OTP_DELIVERY_FAILED = "otp.delivery_failed";
    public static final String OTP_VERIFIED = "otp.verified";
    public static final String OTP_INVALID_ATTEMPT = "otp.invalid_attempt";
    public static final String OTP_EXPIRED = "otp.expired";
    public static final String OTP_MAX_ATTEMPTS_EXCEEDED = "otp.max_attempts_exceeded";
    public static final String USER_LOCKED_OUT = "user.locked_out";
    public static final String SMS_DESTINATION_BLOCKED = "sms.destination_blocked";
    public static final String PUSH_REGISTERED = "push.registered";
    public static final String PUSH_DELETED = "push.deleted";
    /** A connection's circuit breaker opened / closed (contract §8; details hold {@code connection}). */
    public static final String CONNECTION_OPENED = "connection.opened";
    public static final String CONNECTION_CLOSED = "connection.closed";

    public LifecycleEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
