package io.watchword.abuse.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.ChannelType;
import io.watchword.channel.CountryCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
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
        List<String> countryCodes = new ArrayList<>();
        if (channel == ChannelType.SMS) {
            for (String phone : recipients) {
                String cc = CountryCodes.of(phone).orElse(null);
                if (cc == null) {
                    continue;
                }
                if (!settings.allowedCountryCodes().isEmpty() && !settings.allowedCountryCodes().contains(cc)) {
                    return destinationBlocked(cc, Refusal.NOT_ALLOWED,
                            "SMS passcodes may not be sent to country code +" + cc + ".", userId, flowId);
                }
                countryCodes.add(cc);
            }
        }
        List<RateLimiter.Limit> limits = new ArrayList<>();
        for (String to : recipients) {
            limits.add(new RateLimiter.Limit(RateLimiter.SEND_RECIPIENT, recipientKey(channel, to), settings.sendsPerRecipient()));
        }
        limits.add(new RateLimiter.Limit(RateLimiter.SEND_USER, userId, settings.sendsPerUser()));
        // One round trip reads the limits, the SMS volumes and the blocks.
        RateLimiter.Look look = limiter.look(limits, countryCodes.stream().map(conversion::sentSum).toList(), countryCodes);
        for (int i = 0; i < countryCodes.size(); i++) {
            String cc = countryCodes.get(i);
            if (look.blocked()[i] || conversion.blocksNow(cc, look.sums()[i])) {
                return destinationBlocked(cc, Refusal.LOW_CONVERSION, "SMS passcodes to country code +" + cc
                        + " are blocked for a while: too few of those sent there were used.", userId, flowId);
            }
        }
        Decision d = look.limits();
        long retryAfter = d.allowed() ? 0 : d.retryAfterSeconds();
        if (retryAfter > 0) {
            return new Refusal(Refusal.RATE_LIMITED,
                    "Too many passcodes were sent to this recipient or user: retry in " + retryAfter + " s.",
                    Map.of("retry_after", retryAfter));
        }
        return null;
    }

    /** Counts a delivered passcode against every limit it touches. */
    public void recordSend(ChannelType channel, List<String> recipients, String userId) {
        List<RateLimiter.Count> counts = new ArrayList<>();
        long perRecipient = settings.sendsPerRecipient().windowSeconds();
        for (String to : recipients) {
            counts.add(new RateLimiter.Count(RateLimiter.SEND_RECIPIENT, recipientKey(channel, to), perRecipient, perRecipient));
        }
        long perUser = settings.sendsPerUser().windowSeconds();
        counts.add(new RateLimiter.Count(RateLimiter.SEND_USER, userId, perUser, perUser));
        if (channel == ChannelType.SMS) {
            recipients.forEach(phone -> CountryCodes.of(phone).ifPresent(cc -> counts.add(conversion.sent(cc))));
        }
        limiter.record(counts);
    }

    /**
     * Counts a verified passcode for the SMS conversion of the country it was sent to
     * ({@code countryCode}, kept by the step; null in a step state written by an older version,
     * whose flow's destination was stored apart).
     */
    public void recordVerified(ChannelType channel, String countryCode, String flowId) {
        if (channel == ChannelType.SMS) {
            conversion.verified(countryCode, flowId);
        }
    }

    /** Refuses a send to {@code cc} for {@code reason}, with its audit event. */
    private Refusal destinationBlocked(String cc, String reason, String message, String userId, String flowId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("country_code", cc);
        details.put("reason", reason);
        events.fire(new LifecycleEvent(LifecycleEvent.SMS_DESTINATION_BLOCKED, userId, flowId, ChannelType.SMS.id(),
                Refusal.DESTINATION_BLOCKED, details));
        return new Refusal(Refusal.DESTINATION_BLOCKED, message, Map.copyOf(details));
    }

    /** One counter per address: email addresses compare without case, numbers and tokens exactly. */
    static String recipientKey(ChannelType channel, String to) {
        return channel.id() + ":" + (channel == ChannelType.EMAIL ? to.toLowerCase(Locale.ROOT) : to);
    }
}
