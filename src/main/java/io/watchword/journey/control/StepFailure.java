package io.watchword.journey.control;

import java.util.Map;

/**
 * Why a step failed: the code and readable message of contract §2's error variable
 * ({@code {"code", "message", "details"}}).
 */
public record StepFailure(String code, String message, Map<String, Object> details) {

    public static final String MAX_ATTEMPTS_EXCEEDED = "max_attempts_exceeded";
    public static final String EXPIRED_OTP_PASSCODE = "expired_otp_passcode";
    public static final String LOCKED_OUT = "locked_out";
    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    public static final String CLIENT_RESPONSE_NOT_VALID = "client_response_not_valid";
    public static final String RESEND_TOO_SOON = "resend_too_soon";
    public static final String MAX_RESEND_REACHED = "max_resend_reached";
    // Delivery's codes are delivery's (one place each); named here too for the step's readers.
    public static final String NO_DEVICE_FOUND = io.watchword.channel.DeliveryException.NO_DEVICE_FOUND;
    public static final String INVALID_RECIPIENT = io.watchword.channel.DeliveryException.INVALID_RECIPIENT;
    public static final String PROVIDER_ERROR = io.watchword.channel.DeliveryException.PROVIDER_ERROR;
    public static final String CONNECTION_NOT_FOUND = io.watchword.channel.DeliveryException.CONNECTION_NOT_FOUND;
    public static final String CLIENT_FAILURE = "client_failure";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String DESTINATION_BLOCKED = "destination_blocked";
    public static final String JOURNEY_REJECTED = "journey_rejected";
    /** An expression of the step failed when it ran (a journey design error). */
    public static final String EXPRESSION_ERROR = "expression_error";

    public StepFailure {
        details = details == null ? Map.of() : details;
    }

    /** A step's expression failed when it ran. */
    public static StepOutcome.Fail expression(String message) {
        return new StepOutcome.Fail(of(EXPRESSION_ERROR, message));
    }

    /** An expression of {@code step} failed when it ran: a journey design error, named by the step. */
    public static StepOutcome.Fail expression(StepDef step, String message) {
        return expression("Step '" + step.id() + "' failed: " + message);
    }

    /** The client reported that it cannot go on (the {@code failure} option, accepted by every waiting step). */
    public static StepOutcome.Fail clientFailure() {
        return new StepOutcome.Fail(of(CLIENT_FAILURE, "The client reported that it cannot go on."));
    }

    public static StepFailure of(String code, String message) {
        return new StepFailure(code, message, Map.of());
    }

    public Map<String, Object> asVariable() {
        return Map.of("code", code, "message", message, "details", details);
    }
}
