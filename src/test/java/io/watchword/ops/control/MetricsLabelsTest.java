package io.watchword.ops.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.abuse.control.RateLimiter;
import io.watchword.channel.ChannelType;
import io.watchword.channel.DeliveryAttempt;
import org.junit.jupiter.api.Test;

/** Labels stay a small fixed set whatever a provider answers. */
class MetricsLabelsTest {

    static DeliveryAttempt failed(String code, Integer status, String reason) {
        return new DeliveryAttempt("c", "p", ChannelType.SMS, 1, code, status, reason);
    }

    @Test
    void aProviderFailureIsClassifiedNotQuoted() {
        assertThat(Metrics.reason(failed("provider_error", null, "no answer within 10000 ms"))).isEqualTo("timeout");
        assertThat(Metrics.reason(failed("provider_error", null, "connect timeout after 5000 ms"))).isEqualTo("timeout");
        assertThat(Metrics.reason(failed("provider_error", null, "connection refused or unreachable"))).isEqualTo("unreachable");
        assertThat(Metrics.reason(failed("provider_error", 503, "HTTP 503: {\"message\":\"user +15551234567\"}"))).isEqualTo("http_5xx");
        assertThat(Metrics.reason(failed("provider_error", 429, "slow down"))).isEqualTo("http_429");
        assertThat(Metrics.reason(failed("provider_error", 410, "unregistered"))).isEqualTo("unregistered");
        assertThat(Metrics.reason(failed("invalid_recipient", null, "not an email address"))).isEqualTo("invalid_recipient");
        assertThat(Metrics.reason(failed("provider_error", null, "connection setting url is missing"))).isEqualTo("configuration");
        assertThat(Metrics.reason(failed("provider_error", null, "something new and unforeseen"))).isEqualTo("other");
    }

    @Test
    void limitsAreNamedByTheirSetting() {
        assertThat(Metrics.limit(RateLimiter.START_IP)).isEqualTo("start-per-ip");
        assertThat(Metrics.limit(RateLimiter.SEND_RECIPIENT)).isEqualTo("sends-per-recipient");
        assertThat(Metrics.limit(RateLimiter.SEND_USER)).isEqualTo("sends-per-user");
    }
}
