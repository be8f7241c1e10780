package io.watchword.abuse.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.ChannelType;
import io.watchword.channel.CountryCodes;
import io.watchword.platform.ErrorCodes;
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
 * The checks before a passcode goes out (contract §7 and §8): SMS destinations first (allowed
 * country codes, conversion blocks), then the send limits per recipient and per user, which
 * are reserved before the send — one conditional upsert per limit — and given back when nothing
 * was delivered. So concurrent sends in different flows, on any node, never pass a limit, and a
 * provider outage does not use up a user's allowance.
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

    /**
     * Reserves the send's limits after the destination checks: the reservation is refused
     * ({@code rate_limited}, {@code destination_blocked}) or holds one count of each limit until
     * {@link #recordSend} or {@link #release}. Limits are reserved recipient by recipient, then
     * the user; when one refuses, those already taken are given back.
     */
    public SendReservation reserve(ChannelType channel, List<String> recipients, String userId, String flowId) {
        Refusal refusal = check(channel, recipients, userId, flowId);
        if (refusal != null) {
            return SendReservation.refused(refusal);
        }
        // The check above read the limits with the volumes and blocks (and refuses without a
        // write when one is used up); this is what decides, one conditional statement per limit.
        RateLimiter.Reservation held = limiter.reserve(limits(channel, recipients, userId));
        if (!held.decision().allowed()) {
            return SendReservation.refused(rateLimited(held.decision().retryAfterSeconds()));
        }
        List<String> countryCodes = channel == ChannelType.SMS
                ? recipients.stream().map(phone -> CountryCodes.of(phone).orElse(null)).filter(java.util.Objects::nonNull).toList()
                : List.of();
        return new SendReservation(null, held, countryCodes);
    }

    /** Nothing of the reserved send was delivered: its counts are given back (never below zero). */
    public void release(SendReservation reservation) {
        if (!reservation.refused()) {
            limiter.release(reservation.limits());
        }
    }

    /**
     * Why this send would be refused, or null when it may go, read in one round trip without
     * counting anything ({@link #reserve} is what counts).
     */
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
        List<RateLimiter.Limit> limits = limits(channel, recipients, userId);
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
        return retryAfter > 0 ? rateLimited(retryAfter) : null;
    }

    private static Refusal rateLimited(long retryAfter) {
        return new Refusal(ErrorCodes.RATE_LIMITED,
                "Too many passcodes were sent to this recipient or user: retry in " + retryAfter + " s.",
                Map.of("retry_after", retryAfter));
    }

    /** The limits a send to {@code recipients} for {@code userId} counts against: each recipient's, then the user's. */
    private List<RateLimiter.Limit> limits(ChannelType channel, List<String> recipients, String userId) {
        List<RateLimiter.Limit> limits = new ArrayList<>();
        for (String to : recipients) {
            limits.add(new RateLimiter.Limit(RateLimiter.SEND_RECIPIENT, recipientKey(channel, to), settings.sendsPerRecipient()));
        }
        limits.add(new RateLimiter.Limit(RateLimiter.SEND_USER, userId, settings.sendsPerUser()));
        return limits;
    }

    /**
     * The reserved passcode was delivered: its limits stay counted, and an SMS counts for the
     * conversion of its country code.
     */
    public void recordSend(SendReservation reservation) {
        if (!reservation.countryCodes().isEmpty()) {
            limiter.record(reservation.countryCodes().stream().map(conversion::sent).toList());
        }
    }

    /** Counts a verified passcode for the SMS conversion of the country it was sent to ({@code countryCode}, kept by the step). */
    public void recordVerified(ChannelType channel, String countryCode) {
        if (channel == ChannelType.SMS) {
            conversion.verified(countryCode);
        }
    }

    /** Refuses a send to {@code cc} for {@code reason}, with its audit event. */
    private Refusal destinationBlocked(String cc, String reason, String message, String userId, String flowId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("country_code", cc);
        details.put("reason", reason);
        events.fire(new LifecycleEvent(LifecycleEvent.SMS_DESTINATION_BLOCKED, userId, flowId, ChannelType.SMS.id(),
                ErrorCodes.DESTINATION_BLOCKED, details));
        return new Refusal(ErrorCodes.DESTINATION_BLOCKED, message, Map.copyOf(details));
    }

    /** One counter per address: email addresses compare without case, numbers and tokens exactly. */
    static String recipientKey(ChannelType channel, String to) {
        return channel.id() + ":" + (channel == ChannelType.EMAIL ? to.toLowerCase(Locale.ROOT) : to);
    }
}
