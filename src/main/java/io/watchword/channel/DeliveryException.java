package io.watchword.channel;

import io.watchword.platform.ErrorCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message could not be delivered. {@link #code()} is the OTP step's failure code
 * ({@link ErrorCodes#PROVIDER_ERROR}, {@link ErrorCodes#INVALID_RECIPIENT}); {@link #details()}
 * holds provider, status and a short reason, and never a secret.
 */
public class DeliveryException extends Exception {

    /** {@code details.reason} of a {@link ErrorCodes#NO_DEVICE_FOUND}: the device belongs to another user (contract §11). */
    public static final String NOT_USERS_DEVICE = "not_users_device";

    /** A token a provider answers with, safe for a client: letters, digits, '_' and '-' only. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String code;
    private final Map<String, Object> details;
    /** What the provider answered (an excerpt, secrets blanked): for admins only (test send, events). */
    private final String providerAnswer;

    public DeliveryException(String code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    private DeliveryException(String code, String message, Map<String, Object> details, String providerAnswer) {
        super(message, null, false, false);
        this.code = code;
        this.details = new LinkedHashMap<>(details);
        this.providerAnswer = providerAnswer == null || providerAnswer.isBlank() ? null : providerAnswer;
    }

    /**
     * A provider's refusal: {@code reason} is what a client may see (contract §11: never the
     * provider's body); {@code providerAnswer} reaches only admins, in the test send's answer
     * and in the audit event.
     */
    public static DeliveryException provider(String provider, Integer status, String reason, String providerAnswer) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("provider", provider);
        if (status != null) {
            d.put("status", status);
        }
        d.put("reason", reason);
        return new DeliveryException(ErrorCodes.PROVIDER_ERROR,
                "The " + provider + " provider did not accept the message: " + reason, d, providerAnswer);
    }

    /** {@code candidate} when it is a plain token (an error code such as {@code BadDeviceToken}), else null. */
    public static String token(String candidate) {
        return candidate != null && TOKEN.matcher(candidate).matches() ? candidate : null;
    }

    /** The details plus the provider's answer: for admins (events, the test send), never for a client. */
    public Map<String, Object> adminDetails() {
        if (providerAnswer == null) {
            return details;
        }
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("providerAnswer", providerAnswer);
        return d;
    }

    public String providerAnswer() {
        return providerAnswer;
    }

    public static DeliveryException provider(String provider, Integer status, String reason) {
        return provider(provider, status, reason, null);
    }

    public static DeliveryException invalidRecipient(String reason) {
        return new DeliveryException(ErrorCodes.INVALID_RECIPIENT, reason, Map.of());
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
