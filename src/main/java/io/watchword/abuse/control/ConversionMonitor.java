package io.watchword.abuse.control;

import io.watchword.abuse.entity.SmsBlock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SMS-pumping guard's judge. Fraudsters who make a service send SMS to premium numbers
 * they control never enter the passcodes: per country code, the share of sent passcodes that
 * are verified collapses. When, over the sliding window, enough were sent to judge and too
 * few were verified, the country code is blocked for a while (contract §7).
 */
@ApplicationScoped
public class ConversionMonitor {

    static final String SMS_SENT = "sms-sent";
    static final String SMS_VERIFIED = "sms-verified";
    /** The sliding window is summed from this many buckets. */
    static final int BUCKETS = 12;

    private static final Logger LOG = Logger.getLogger(ConversionMonitor.class.getName());

    @Inject
    AbuseSettings settings;

    @Inject
    RateLimiter counters;

    @Inject
    SmsBlocks blocks;

    @Inject
    Clock clock;

    /** The sliding sum of SMS passcodes sent to {@code countryCode}, which {@link #blocksNow} judges. */
    public RateLimiter.Slide sentSum(String countryCode) {
        return new RateLimiter.Slide(SMS_SENT, countryCode, bucket(), settings.conversionWindow().toSeconds());
    }

    /**
     * True when SMS to {@code countryCode} convert too badly: blocks the code from now on.
     * {@code sent} is the sliding sum already read (with the limits, in one round trip); only a
     * volume worth judging costs a read of the verified sum.
     */
    public boolean blocksNow(String countryCode, long sent) {
        if (sent < settings.minConversionVolume()) {
            return false;
        }
        long window = settings.conversionWindow().toSeconds();
        long verified = counters.sumSince(SMS_VERIFIED, countryCode, bucket(), window);
        if (!isLow(verified, sent, settings.minConversionRate())) {
            return false;
        }
        Instant now = clock.instant();
        blocks.block(countryCode, SmsBlock.LOW_CONVERSION, now, now.plus(settings.conversionBlock()));
        return true;
    }

    static boolean isLow(long verified, long sent, double minRate) {
        return (double) verified < minRate * sent;
    }

    /** The count of one SMS passcode sent to {@code countryCode} (for {@link RateLimiter#record(List)}). */
    public RateLimiter.Count sent(String countryCode) {
        return new RateLimiter.Count(SMS_SENT, countryCode, bucket(), settings.conversionWindow().toSeconds());
    }

    /** Counts a verified SMS passcode for {@code countryCode} (none when it is unknown). */
    public void verified(String countryCode) {
        try {
            if (countryCode != null) {
                counters.record(SMS_VERIFIED, countryCode, bucket(), settings.conversionWindow().toSeconds());
            }
        } catch (RuntimeException ex) {
            // a statistic must never fail a user's verification
            LOG.log(Level.WARNING, "Could not count an SMS verification", ex);
        }
    }

    /** Lifts a block and forgets the statistics that led to it, so the code is judged afresh. */
    public boolean lift(String countryCode) {
        boolean lifted = blocks.lift(countryCode, clock.instant());
        counters.reset(SMS_SENT, countryCode);
        counters.reset(SMS_VERIFIED, countryCode);
        return lifted;
    }

    private long bucket() {
        return Math.max(1, settings.conversionWindow().toSeconds() / BUCKETS);
    }
}
