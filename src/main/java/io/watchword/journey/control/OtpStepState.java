package io.watchword.journey.control;

import io.watchword.platform.JsonValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the waiting OTP step remembers between requests, kept in its flow row.
 *
 * @param sends passcodes sent in this step (the first one included)
 * @param countryCode the calling code the last SMS passcode went to (for the conversion
 *                    monitor), null for other channels and in states written before it was kept
 * @param lastConnection the connection that delivered the last passcode (a resend starts after
 *                       it, contract §8), null before the first delivery
 */
public record OtpStepState(String userId, String channel, String recipient, String attemptId,
                           Instant expiresAt, int sends, Instant lastSentAt, String countryCode,
                           String lastConnection) {

    /** The state of a step entered at {@code now}, before its first send. */
    public static OtpStepState entered(String userId, String channel, Instant now) {
        return new OtpStepState(userId, channel, null, null, now, 0, now, null, null);
    }

    public OtpStepState sent(String attemptId, Instant expiresAt, Instant at, String recipient, String countryCode) {
        return new OtpStepState(userId, channel, recipient, attemptId, expiresAt, sends + 1, at, countryCode, lastConnection);
    }

    /** The passcode was delivered through {@code connection}. */
    public OtpStepState deliveredBy(String connection) {
        return new OtpStepState(userId, channel, recipient, attemptId, expiresAt, sends, lastSentAt, countryCode, connection);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        m.put("channel", channel);
        m.put("recipient", recipient);
        m.put("attemptId", attemptId);
        m.put("expiresAt", expiresAt.toString());
        m.put("sends", sends);
        m.put("lastSentAt", lastSentAt.toString());
        if (countryCode != null) {
            m.put("countryCode", countryCode);
        }
        if (lastConnection != null) {
            m.put("lastConnection", lastConnection);
        }
        return JsonValues.toJson(m).toString();
    }

    public static OtpStepState fromJson(String json) {
        var o = JsonValues.parseObject(json);
        return new OtpStepState(o.getString("userId"), o.getString("channel"), o.getString("recipient"),
                o.getString("attemptId"), Instant.parse(o.getString("expiresAt")), o.getInt("sends"),
                Instant.parse(o.getString("lastSentAt")), o.getString("countryCode", null),
                o.getString("lastConnection", null));
    }
}
