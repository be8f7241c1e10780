package io.watchword.abuse.control;

import java.util.List;

/**
 * A passcode's claim on the send limits, taken before it is sent (contract §8): either why it
 * may not be sent, or the counters it holds — counted already, so a send racing with it sees
 * them — until it is delivered ({@link SendProtection#recordSend}) or given back because
 * nothing was ({@link SendProtection#release}). {@code countryCodes}: the SMS destinations
 * whose conversion a delivery counts for.
 */
public record SendReservation(Refusal refusal, RateLimiter.Reservation limits, List<String> countryCodes) {

    public SendReservation {
        countryCodes = List.copyOf(countryCodes);
    }

    static SendReservation refused(Refusal refusal) {
        return new SendReservation(refusal, null, List.of());
    }

    public boolean refused() {
        return refusal != null;
    }
}
