package io.watchword.platform;

/**
 * Every error code of the external contract, once. Clients branch on these strings, so each
 * is a breaking change to alter: {@code errorData.errorCode} and the OTP step's error
 * variable (contract §1, §2, §7, §8, §11), and the {@code <code>} of a problem document's
 * {@code type} {@code urn:watchword:problem:<code>} (contract §0; listed in the OpenAPI
 * document). Some codes are both.
 */
public final class ErrorCodes {

    // Journey outcomes (contract §1).
    /** The client chose {@code cancel}: the journey is rejected, no failure branch is taken. */
    public static final String JOURNEY_CANCELLED = "journey_cancelled";
    /** A {@code reject} step ended the journey; its {@code reason} is the description. */
    public static final String JOURNEY_REJECTED = "journey_rejected";
    /** A journey that loops (100 steps without waiting) or names a step it no longer has, found while it runs. */
    public static final String JOURNEY_ERROR = "journey_error";
    /** The flow outlived {@code watchword.flow.expiry}: its rejection, and the 409 answering a response to it. */
    public static final String FLOW_EXPIRED = "flow_expired";
    /** The client chose {@code failure}: the waiting step fails (contract §2 failure rules). */
    public static final String CLIENT_FAILURE = "client_failure";
    /** Input that does not match the step's schema, or a passcode that is missing or not {@code code_length} digits. */
    public static final String CLIENT_RESPONSE_NOT_VALID = "client_response_not_valid";

    // The OTP step (contract §1, §11).
    /** A wrong passcode while tries are left; the step is presented again with {@code attempts_left}. */
    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    /** The passcode expired: presented again, or the step fails when no resend is left. */
    public static final String EXPIRED_OTP_PASSCODE = "expired_otp_passcode";
    /** A resend before the cooldown, or over a send limit on a resend (§7); with {@code retry_after}. */
    public static final String RESEND_TOO_SOON = "resend_too_soon";
    /** A resend asked for when none is left. */
    public static final String MAX_RESEND_REACHED = "max_resend_reached";
    /** The wrong try that used up the passcode's tries: the step fails. */
    public static final String MAX_ATTEMPTS_EXCEEDED = "max_attempts_exceeded";
    /** The user is locked out: the step fails before anything is sent, or a submission is refused. */
    public static final String LOCKED_OUT = "locked_out";
    /** An expression or interpolation of the step failed or went over its budget (§11). */
    public static final String EXPRESSION_ERROR = "expression_error";

    // Delivery (contract §1, §2, §8).
    /** No active push device of the user, or a device registered to another user (§11). */
    public static final String NO_DEVICE_FOUND = "no_device_found";
    /** The recipient itself is wrong (syntax, a provider's refusal of it); never moves on to another connection. */
    public static final String INVALID_RECIPIENT = "invalid_recipient";
    /** No connection delivered (with {@code details.attempts}); also the 502 of a failed test send. */
    public static final String PROVIDER_ERROR = "provider_error";
    /** The step names a connection that does not exist for its channel, or none. */
    public static final String CONNECTION_NOT_FOUND = "connection_not_found";

    // Abuse protection (contract §7).
    /** A send over a recipient or user limit (step failure, {@code details.retry_after}); a start over its limit (429). */
    public static final String RATE_LIMITED = "rate_limited";
    /** An SMS to a country code that is not allowed or is blocked by the conversion monitor. */
    public static final String DESTINATION_BLOCKED = "destination_blocked";

    // Problem types of the HTTP API (contract §0, §1, §3, §4, §7).
    /** 400 with no more specific code, such as a body that is not a JSON object. */
    public static final String BAD_REQUEST = "bad_request";
    /** 400 for an invalid body, with an {@code errors} array of every field error. */
    public static final String VALIDATION_FAILED = "validation_failed";
    /** 401: no or wrong credentials. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** 401: a flow response without the flow's current interaction token. */
    public static final String INVALID_INTERACTION_TOKEN = "invalid_interaction_token";
    /** 403: authenticated without the role, or a completion token of another user. */
    public static final String FORBIDDEN = "forbidden";
    /** 404: unknown resource or path. */
    public static final String NOT_FOUND = "not_found";
    /** 405: a method the path does not serve. */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    /** 406: no acceptable representation. */
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    /** 409 with no more specific code. */
    public static final String CONFLICT = "conflict";
    /** 409: a connection of that name exists. */
    public static final String CONNECTION_EXISTS = "connection_exists";
    /** 409: deleting a connection that stored journeys use (the problem names them). */
    public static final String CONNECTION_IN_USE = "connection_in_use";
    /** 409: a client-chosen {@code flowId} already in use. */
    public static final String FLOW_EXISTS = "flow_exists";
    /** 409: a response to a flow that has ended. */
    public static final String FLOW_ENDED = "flow_ended";
    /** 409: a push token value registered to another user (§11). */
    public static final String PUSH_TOKEN_TAKEN = "push_token_taken";
    /** 409: the same push token registered by two requests at once; retrying succeeds. */
    public static final String PUSH_TOKEN_REGISTERED_CONCURRENTLY = "push_token_registered_concurrently";
    /** 413: a request body over 64 KiB (§7). */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    /** 415: a body that is not JSON where JSON is expected (§7). */
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    /** Any other 4xx the container produces. */
    public static final String REQUEST_REFUSED = "request_refused";
    /** 5xx: an unexpected error; the response never says more. */
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
