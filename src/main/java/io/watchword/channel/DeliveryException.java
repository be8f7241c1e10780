package io.watchword.channel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message could not be delivered. {@link #code()} is the OTP step's failure code
 * ({@code provider_error}, {@code invalid_recipient}); {@link #details()} holds provider,
 * status and a short reason, and never a secret.
 */
public class DeliveryException extends Exception {

    public static final String PROVIDER_ERROR = "provider_error";
    public static final String INVALID_RECIPIENT = "invalid_recipient";

    private final String code;
    private final Map<String, Object> details;

    public DeliveryException(String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = new LinkedHashMap<>(details);
    }

    public static DeliveryException provider(String provider, Integer status, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("provider", provider);
        if (status != null) {
            d.put("status", status);
        }
        d.put("reason", reason);
        return new DeliveryException(PROVIDER_ERROR,
                "The " + provider + " provider did not accept the message: " + reason, d);
    }

    public static DeliveryException invalidRecipient(String reason) {
        return new DeliveryException(INVALID_RECIPIENT, reason, Map.of());
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
