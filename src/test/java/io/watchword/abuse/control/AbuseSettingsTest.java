package io.watchword.abuse.control;

import io.watchword.testing.MapConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbuseSettingsTest {

    static AbuseSettings load(Map<String, String> values) {
        AbuseSettings s = new AbuseSettings();
        s.load(new MapConfig(values));
        return s;
    }

    @Test
    void defaultsAreThoseOfTheContract() {
        AbuseSettings s = load(Map.of());
        assertThat(s.startPerIp()).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(s.sendsPerRecipient()).isEqualTo(new Rate(5, Duration.ofMinutes(10)));
        assertThat(s.sendsPerUser()).isEqualTo(new Rate(10, Duration.ofHours(1)));
        assertThat(s.allowedCountryCodes()).isEmpty();
        assertThat(s.minConversionRate()).isEqualTo(0.2);
        assertThat(s.minConversionVolume()).isEqualTo(50);
        assertThat(s.conversionWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(s.conversionBlock()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void countryCodesAreAListOfCallingCodesWithOrWithoutPlus() {
        assertThat(load(Map.of("watchword.sms.allowed-country-codes", " 1, +44,49 ,")).allowedCountryCodes())
                .containsExactlyInAnyOrder("1", "44", "49");
        assertThat(load(Map.of("watchword.sms.allowed-country-codes", "")).allowedCountryCodes()).isEmpty();
    }

    @Test
    void anInvalidValueStopsTheStartNamingItsKey() {
        Map<String, String> bad = Map.of(
                "watchword.ratelimit.start-per-ip", "sixty a minute",
                "watchword.ratelimit.sends-per-recipient", "0/PT10M",
                "watchword.ratelimit.sends-per-user", "10/PT0.5S",
                "watchword.sms.allowed-country-codes", "1,UK",
                "watchword.sms.conversion.min-rate", "1.5",
                "watchword.sms.conversion.min-volume", "0",
                "watchword.sms.conversion.window", "1h",
                "watchword.sms.conversion.block", "-PT1H");
        bad.forEach((key, value) -> assertThatThrownBy(() -> load(Map.of(key, value)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key).hasMessageContaining(value));
    }
}
