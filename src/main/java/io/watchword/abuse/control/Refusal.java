package io.watchword.abuse.control;

import io.watchword.platform.ErrorCodes;
import java.util.Map;

/**
 * Why a passcode may not be sent: a failure code of contract §7 ({@link ErrorCodes#RATE_LIMITED},
 * {@link ErrorCodes#DESTINATION_BLOCKED}), a sentence, its details.
 */
public record Refusal(String code, String message, Map<String, Object> details) {

    /** {@code details.reason} of a {@link ErrorCodes#DESTINATION_BLOCKED}. */
    public static final String NOT_ALLOWED = "not_allowed";
    public static final String LOW_CONVERSION = "low_conversion";
}
