package io.watchword.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OTP settings of contract §5: defaults, and an invalid value refused naming its key. */
class OtpSettingsTest {

    @Test
    void defaultsAreTheContractsDefaults() {
        Settings s = load(Map.of());
        assertThat(s.otpLength()).isEqualTo(6);
        assertThat(s.otpExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxFailures()).isEqualTo(3);
        assertThat(s.lockoutThreshold()).isEqualTo(5);
        assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.resendCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.resendMax()).isEqualTo(3);
    }

    @Test
    void validValuesAreTaken() {
        Settings s = load(Map.of(ConfigKeys.OTP_LENGTH, "4", ConfigKeys.RESEND_COOLDOWN, "PT0S",
                ConfigKeys.OTP_EXPIRY, "PT10M", ConfigKeys.RESEND_MAX, "0", ConfigKeys.OTP_MAX_FAILURES, "1"));
        assertThat(s.otpLength()).isEqualTo(4);
        assertThat(s.resendCooldown()).isZero();
        assertThat(s.otpExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.resendMax()).isZero();
        assertThat(s.maxFailures()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "watchword.otp.length, 3",
        "watchword.otp.length, 11",
        "watchword.otp.length, six",
        "watchword.otp.expiry, -PT1M",
        "watchword.otp.expiry, PT0S",
        "watchword.otp.expiry, 5 minutes",
        "watchword.otp.max-failures, 0",
        "watchword.otp.max-failures, -1",
        "watchword.otp.lockout.threshold, 0",
        "watchword.otp.lockout.duration, -PT15M",
        "watchword.otp.resend.cooldown, PT-30S",
        "watchword.otp.resend.max, -1",
    })
    void anInvalidValueIsRefusedWithAMessageNamingItsKeyAndValue(String key, String value) {
        assertThatThrownBy(() -> load(Map.of(key, value)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("'" + value + "'");
    }

    static Settings load(Map<String, String> values) {
        return SettingsFixture.load(values);
    }

    /** Just enough of MicroProfile Config for {@link Settings#load(Config)}: string values by key. */
}
