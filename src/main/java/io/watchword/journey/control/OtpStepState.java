package io.watchword.journey.control;

import io.watchword.platform.JsonValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the waiting OTP step remembers between requests, kept in its flow row.
 *
 * @param sends passcodes sent in this step (the first one included)
 */
public record OtpStepState(String userId, String channel, String recipient, String attemptId,
                           Instant expiresAt, int sends, Instant lastSentAt) {

    public OtpStepState sent(String attemptId, Instant expiresAt, Instant at, String recipient) {
        return new OtpStepState(userId, channel, recipient, attemptId, expiresAt, sends + 1, at);
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
        return JsonValues.toJson(m).toString();
    }

    public static OtpStepState fromJson(String json) {
        var o = JsonValues.parseObject(json);
        return new OtpStepState(o.getString("userId"), o.getString("channel"), o.getString("recipient"),
                o.getString("attemptId"), Instant.parse(o.getString("expiresAt")), o.getInt("sends"),
                Instant.parse(o.getString("lastSentAt")));
    }
}
