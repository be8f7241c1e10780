package io.watchword.journey.control;

import io.watchword.abuse.control.Refusal;
import io.watchword.abuse.control.SendProtection;
import io.watchword.abuse.control.SendReservation;
import io.watchword.channel.ChannelType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Abuse checks before a passcode is sent (contract §7, §8): rate limits per recipient and per
 * user, reserved before the send, and SMS destination rules. The rules live in
 * {@link SendProtection}; this adapts them to the step.
 */
@ApplicationScoped
public class SendGuard {

    @Inject
    SendProtection protection;

    /** A send's reservation of its limits, and why it is refused (null when it may go). */
    public record Ticket(StepFailure refused, SendReservation reservation) {
    }

    /** Checks the send and reserves its limits; release the ticket if nothing is delivered. */
    public Ticket reserve(ChannelType channel, List<String> recipients, String userId, FlowRun run) {
        SendReservation r = protection.reserve(channel, recipients, userId, run.flow().id());
        Refusal no = r.refusal();
        return new Ticket(no == null ? null : new StepFailure(no.code(), no.message(), no.details()), r);
    }

    /** Nothing was delivered (no connection took it, or the message could not be built). */
    public void release(Ticket ticket) {
        protection.release(ticket.reservation());
    }

    /** The passcode was delivered: its reserved counts stay. */
    public void recordSend(Ticket ticket) {
        protection.recordSend(ticket.reservation());
    }

    /** A passcode of the step was verified: counts for the SMS conversion of its destination. */
    public void recordVerified(OtpStepState state) {
        ChannelType.of(state.channel()).ifPresent(channel -> protection.recordVerified(channel, state.countryCode()));
    }
}
