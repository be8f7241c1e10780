package io.watchword.abuse.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.ChannelType;
import io.watchword.channel.CountryCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks before a passcode goes out (contract §7), and the counting after it went:
 * SMS destinations first (allowed country codes, conversion blocks), then the send limits per
 * recipient and per user. A send is counted only once it was delivered, so a provider outage
 * does not use up a user's allowance.
 */
@ApplicationScoped
public class SendProtection {

    @Inject
    AbuseSettings settings;

    @Inject
    RateLimiter limiter;

    @Inject
    ConversionMonitor conversion;

    @Inject
    Event<LifecycleEvent> events;

    @Inject
    Clock clock;

    /** Why this send is refused, or null when it may go. */
    public Refusal check(ChannelType channel, List<String> recipients, String userId, String flowId) {
        if (channel == ChannelType.SMS) {
            for (String phone : recipients) {
                Refusal r = destination(phone, userId, flowId);
                if (r != null) {
                    return r;
                }
            }
        }
        long retryAfter = 0;
        for (String to : recipients) {
            Decision d = limiter.peek(RateLimiter.SEND_RECIPIENT, recipientKey(channel, to), settings.sendsPerRecipient());
            retryAfter = d.allowed() ? retryAfter : Math.max(retryAfter, d.retryAfterSeconds());
        }
        Decision user = limiter.peek(RateLimiter.SEND_USER, userId, settings.sendsPerUser());
        retryAfter = user.allowed() ? retryAfter : Math.max(retryAfter, user.retryAfterSeconds());
        if (retryAfter > 0) {
            return new Refusal(Refusal.RATE_LIMITED,
                    "Too many passcodes were sent to this recipient or user: retry in " + retryAfter + " s.",
                    Map.of("retry_after", retryAfter));
        }
        return null;
    }

    /** Counts a delivered passcode against every limit it touches. */
    public void recordSend(ChannelType channel, List<String> recipients, String userId, String flowId) {
        long perRecipient = settings.sendsPerRecipient().windowSeconds();
        for (String to : recipients) {
            limiter.record(RateLimiter.SEND_RECIPIENT, recipientKey(channel, to), perRecipient, perRecipient);
        }
        long perUser = settings.sendsPerUser().windowSeconds();
        limiter.record(RateLimiter.SEND_USER, userId, perUser, perUser);
        if (channel == ChannelType.SMS) {
            recipients.forEach(phone -> CountryCodes.of(phone).ifPresent(cc -> conversion.sent(flowId, cc)));
        }
    }

    private Refusal destination(String phone, String userId, String flowId) {
        String cc = CountryCodes.of(phone).orElse(null);
        if (cc == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("country_code", cc);
        String message;
        if (!settings.allowedCountryCodes().isEmpty() && !settings.allowedCountryCodes().contains(cc)) {
            details.put("reason", Refusal.NOT_ALLOWED);
            message = "SMS passcodes may not be sent to country code +" + cc + ".";
        } else if (conversion.isBlocked(cc) || conversion.blocksNow(cc)) {
            details.put("reason", Refusal.LOW_CONVERSION);
            message = "SMS passcodes to country code +" + cc
                    + " are blocked for a while: too few of those sent there were used.";
        } else {
            return null;
        }
        events.fire(new LifecycleEvent(LifecycleEvent.SMS_DESTINATION_BLOCKED, userId, flowId, ChannelType.SMS.id(),
                Refusal.DESTINATION_BLOCKED, details));
        return new Refusal(Refusal.DESTINATION_BLOCKED, message, Map.copyOf(details));
    }

    /** One counter per address: email addresses compare without case, numbers and tokens exactly. */
    static String recipientKey(ChannelType channel, String to) {
        return channel.id() + ":" + (channel == ChannelType.EMAIL ? to.toLowerCase(Locale.ROOT) : to);
    }
}
