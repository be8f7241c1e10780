package io.watchword.abuse.control;

import java.util.Map;

/** Why a passcode may not be sent: a failure code of contract §7, a sentence, its details. */
public record Refusal(String code, String message, Map<String, Object> details) {

    public static final String RATE_LIMITED = "rate_limited";
    public static final String DESTINATION_BLOCKED = "destination_blocked";
    public static final String NOT_ALLOWED = "not_allowed";
    public static final String LOW_CONVERSION = "low_conversion";
}
