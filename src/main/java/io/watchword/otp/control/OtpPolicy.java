package io.watchword.otp.control;

import io.watchword.platform.Settings;
import java.time.Duration;

/** The global OTP settings (contract §5) as the rules use them. */
public record OtpPolicy(int length, Duration expiry, int maxFailures, int lockoutThreshold,
                        Duration lockoutDuration, Duration resendCooldown, int resendMax, int maxFailedTries) {

    public static OtpPolicy of(Settings s) {
        return new OtpPolicy(s.otpLength(), s.otpExpiry(), s.maxFailures(), s.lockoutThreshold(),
                s.lockoutDuration(), s.resendCooldown(), s.resendMax(), s.maxFailedTries());
    }

    /** Whether {@code code} has a passcode's shape: exactly {@link #length} ASCII digits. */
    public boolean fits(String code) {
        return code != null && code.length() == length && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
