package io.watchword.journey.control;

import io.watchword.otp.control.OtpPolicy;
import io.watchword.otp.control.ResendRule;
import io.watchword.platform.JsonValues;
import io.watchword.platform.Settings;
import io.watchword.platform.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the waiting OTP step shows the client (contract §1): its channel, masked recipient and exact counters. */
@ApplicationScoped
public class OtpPrompt {

    public static final String STEP_ID = "genericOTPAuthentication";
    /** The client input field of the passcode. */
    public static final String PASSCODE = "passcode";
    public static final String ATTEMPTS_LEFT = "attempts_left";
    public static final String RETRY_AFTER = "retry_after";

    @Inject
    Settings settings;

    /** The global OTP settings (read here, not through the OTP service: one call less per use). */
    public OtpPolicy policy() {
        return OtpPolicy.of(settings);
    }

    /** The step waits for the passcode. */
    public ServiceResponse present(OtpStepState s, Instant now, int attemptsLeft) {
        OtpPolicy policy = policy();
        ResendRule rule = new ResendRule(policy, s.sends(), s.lastSentAt());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", s.channel());
        data.put("code_length", policy.length());
        data.put("recipient", s.recipient());
        data.put("expires_in", Times.secondsUntil(now, s.expiresAt()));
        data.put(ATTEMPTS_LEFT, attemptsLeft);
        data.put("resends_left", rule.resendsLeft());
        data.put("resend_in", rule.resendIn(now));
        JsonObject schema = JsonValues.JSON.createObjectBuilder().add(PASSCODE, JsonValues.JSON.createObjectBuilder()
                .add("type", "string").add("required", true)
                .add("minLength", policy.length()).add("maxLength", policy.length())).build();
        return ServiceResponse.waiting(STEP_ID, data, ClientOptions.of(schema, "Verify", true));
    }

    /** The step waits again, saying why the client's last answer did not go through. */
    public StepOutcome again(OtpStepState s, Instant now, int attemptsLeft, String code, String message,
                             Map<String, Object> details) {
        return new StepOutcome.Wait(present(s, now, attemptsLeft).updateRequired(code, message, details));
    }
}
