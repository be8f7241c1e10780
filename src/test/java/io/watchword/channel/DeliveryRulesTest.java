package io.watchword.channel;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which failures fail over, and where a resend starts (contract §8). */
class DeliveryRulesTest {

    static ConnectionSpec spec(String name) {
        return new ConnectionSpec(name, ChannelType.SMS, "sms_webservice", Json.createObjectBuilder().build(), Map.of());
    }

    static List<String> names(List<ConnectionSpec> specs) {
        return specs.stream().map(ConnectionSpec::name).toList();
    }

    @Test
    void noAnswerATimeoutA429OrA5xxMoveOn() {
        assertThat(Delivery.movesOn(DeliveryException.provider("x", null, "no answer within 1000 ms"))).isTrue();
        assertThat(Delivery.movesOn(DeliveryException.provider("x", 429, "too many"))).isTrue();
        assertThat(Delivery.movesOn(DeliveryException.provider("x", 500, "down"))).isTrue();
        assertThat(Delivery.movesOn(DeliveryException.provider("x", 503, "down"))).isTrue();
    }

    @Test
    void aWrongRecipientADeadDeviceOrAnotherClientErrorNeverMovesOn() {
        assertThat(Delivery.movesOn(DeliveryException.invalidRecipient("not a phone"))).isFalse();
        assertThat(Delivery.movesOn(DeliveryException.provider("apns", 410, Delivery.UNREGISTERED))).isFalse();
        assertThat(Delivery.movesOn(DeliveryException.provider("twilio", 400, "Twilio error 21211"))).isFalse();
        assertThat(Delivery.movesOn(DeliveryException.provider("x", 401, "unauthorized"))).isFalse();
    }

    @Test
    void aFirstSendTriesTheConnectionsInTheirOrder() {
        List<ConnectionSpec> specs = List.of(spec("a"), spec("b"), spec("c"));
        assertThat(names(Delivery.rotated(specs, null))).containsExactly("a", "b", "c");
        assertThat(names(Delivery.rotated(specs, "gone"))).containsExactly("a", "b", "c");
    }

    @Test
    void aResendStartsAfterTheConnectionThatDeliveredAndWraps() {
        List<ConnectionSpec> specs = List.of(spec("a"), spec("b"), spec("c"));
        assertThat(names(Delivery.rotated(specs, "a"))).containsExactly("b", "c", "a");
        assertThat(names(Delivery.rotated(specs, "c"))).containsExactly("a", "b", "c");
        assertThat(names(Delivery.rotated(List.of(spec("a")), "a"))).containsExactly("a");
    }

    @Test
    void theSendBudgetIsTwiceEachTimeoutPlusAMargin() {
        ConnectionSpec fast = new ConnectionSpec("f", ChannelType.SMS, "sms_webservice",
                Json.createObjectBuilder().add("timeoutMillis", 2000).build(), Map.of());
        SendPlan plan = new SendPlan(ChannelType.SMS, List.of(fast, spec("d")), List.of("+15551234567"), null);
        assertThat(plan.budget().toMillis()).isEqualTo(5_000 + 2 * 2_000 + 2 * 10_000);
    }

    @Test
    void maxConcurrencyAndTimeoutAreReadAsNumbersOrStringsWithTheirDefaults() {
        assertThat(spec("x").maxConcurrency()).isEqualTo(64);
        ConnectionSpec set = new ConnectionSpec("y", ChannelType.SMS, "sms_webservice",
                Json.createObjectBuilder().add("maxConcurrency", "8").add("timeoutMillis", 1500).build(), Map.of());
        assertThat(set.maxConcurrency()).isEqualTo(8);
        assertThat(set.timeoutMillis()).isEqualTo(1500);
    }
}
