package io.watchword.journey.control;

import io.watchword.abuse.control.Refusal;
import io.watchword.abuse.control.SendProtection;
import io.watchword.channel.ChannelType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Abuse checks before a passcode is sent (contract §7): rate limits per recipient and per
 * user, SMS destination rules. Returns why a send is refused, or null. The rules live in
 * {@link SendProtection}; this adapts them to the step.
 */
@ApplicationScoped
public class SendGuard {

    @Inject
    SendProtection protection;

    public StepFailure check(ChannelType channel, List<String> recipients, String userId, FlowRun run, boolean resend) {
        Refusal r = protection.check(channel, recipients, userId, run.flow().id());
        return r == null ? null : new StepFailure(r.code(), r.message(), r.details());
    }

    public void recordSend(ChannelType channel, List<String> recipients, String userId, FlowRun run) {
        protection.recordSend(channel, recipients, userId);
    }

    /** A passcode of the step was verified: counts for the SMS conversion of its destination. */
    public void recordVerified(OtpStepState state, FlowRun run) {
        ChannelType.of(state.channel()).ifPresent(channel ->
                protection.recordVerified(channel, state.countryCode(), run.flow().id()));
    }
}
