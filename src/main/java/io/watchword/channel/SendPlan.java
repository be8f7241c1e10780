package io.watchword.channel;

import io.watchword.channel.breaker.ConnectionHealth;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A send made ready by {@link Delivery#plan}: the connections in the order they will be tried,
 * the checked recipients, the push device when there is one — or why it cannot go at all.
 *
 * @param deviceId the registered push device the message goes to (null for other channels)
 * @param breakers the connections' circuit breakers as read with the plan (only those that ever
 *                 failed have one), so the send itself reads nothing before its first call
 */
public record SendPlan(ChannelType channel, List<ConnectionSpec> connections, List<String> recipients,
                       String deviceId, Refusal refusal, Map<String, ConnectionHealth> breakers) {

    /** Why nothing can be sent: a step failure code ({@link DeliveryException}'s), a sentence, details. */
    public record Refusal(String code, String message, Map<String, Object> details) {
        public Refusal {
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }

    public SendPlan {
        connections = List.copyOf(connections);
        recipients = List.copyOf(recipients);
        breakers = breakers == null ? Map.of() : Map.copyOf(breakers);
    }

    public SendPlan(ChannelType channel, List<ConnectionSpec> connections, List<String> recipients, String deviceId) {
        this(channel, connections, recipients, deviceId, null, Map.of());
    }

    static SendPlan refused(ChannelType channel, String code, String message, Map<String, Object> details) {
        return new SendPlan(channel, List.of(), List.of(), null, new Refusal(code, message, details), Map.of());
    }

    /** The same plan with the breakers of its connections. */
    SendPlan withBreakers(Map<String, ConnectionHealth> read) {
        return new SendPlan(channel, connections, recipients, deviceId, refusal, read);
    }

    /** The recipient as a client may see it (contract §1). */
    public String maskedRecipient() {
        return Recipients.mask(channel, recipients, null);
    }

    /** The calling code of an SMS recipient (for the conversion monitor), else null. */
    public String countryCode() {
        return channel == ChannelType.SMS && !recipients.isEmpty() ? CountryCodes.of(recipients.get(0)).orElse(null) : null;
    }

    /**
     * How long the send may take at most: twice each connection's timeout (a token grant and the
     * send), plus a margin. Past it, a flow whose send never reported is answerable again (its
     * node died mid-send).
     */
    public Duration budget() {
        long millis = 5_000;
        for (ConnectionSpec c : connections) {
            millis += 2L * c.timeoutMillis();
        }
        return Duration.ofMillis(Math.min(millis, Duration.ofMinutes(5).toMillis()));
    }
}
