package io.watchword.abuse.control;

import io.watchword.platform.ConfigKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The settings of contract §7, read once at start and checked like the others: an invalid
 * value stops the deployment with a message naming its key (Bootstrap calls {@link #load()}).
 */
@ApplicationScoped
public class AbuseSettings {

    private Rate startPerIp;
    private Rate sendsPerRecipient;
    private Rate sendsPerUser;
    private Set<String> allowedCountryCodes;
    private double minConversionRate;
    private int minConversionVolume;
    private Duration conversionWindow;
    private Duration conversionBlock;

    @PostConstruct
    public void load() {
        load(ConfigProvider.getConfig());
    }

    void load(Config c) {
        startPerIp = rate(c, ConfigKeys.RATELIMIT_START_PER_IP, "60/PT1M");
        sendsPerRecipient = rate(c, ConfigKeys.RATELIMIT_SENDS_PER_RECIPIENT, "5/PT10M");
        sendsPerUser = rate(c, ConfigKeys.RATELIMIT_SENDS_PER_USER, "10/PT1H");
        allowedCountryCodes = countryCodes(c, ConfigKeys.SMS_ALLOWED_COUNTRY_CODES);
        minConversionRate = fraction(c, ConfigKeys.SMS_CONVERSION_MIN_RATE, "0.2");
        minConversionVolume = positiveInt(c, ConfigKeys.SMS_CONVERSION_MIN_VOLUME, "50");
        conversionWindow = seconds(c, ConfigKeys.SMS_CONVERSION_WINDOW, "PT1H");
        conversionBlock = seconds(c, ConfigKeys.SMS_CONVERSION_BLOCK, "PT1H");
    }

    private static String raw(Config c, String key, String def) {
        return c.getOptionalValue(key, String.class).orElse(def).trim();
    }

    static Rate rate(Config c, String key, String def) {
        String raw = raw(c, key, def);
        try {
            return Rate.parse(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(key, raw, "a limit N/duration with N ≥ 1 and a duration of whole seconds, e.g. " + def);
        }
    }

    static Set<String> countryCodes(Config c, String key) {
        String raw = raw(c, key, "");
        Set<String> codes = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String code = part.trim();
            if (code.isEmpty()) {
                continue;
            }
            code = code.startsWith("+") ? code.substring(1) : code;
            if (!code.matches("[1-9][0-9]{0,2}")) {
                throw invalid(key, raw, "a comma-separated list of country calling codes, e.g. 1,44,49");
            }
            codes.add(code);
        }
        return Set.copyOf(codes);
    }

    static double fraction(Config c, String key, String def) {
        String raw = raw(c, key, def);
        try {
            double v = Double.parseDouble(raw);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, raw, "a number from 0 to 1");
    }

    static int positiveInt(Config c, String key, String def) {
        String raw = raw(c, key, def);
        try {
            int v = Integer.parseInt(raw);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, raw, "a whole number of at least 1");
    }

    static Duration seconds(Config c, String key, String def) {
        String raw = raw(c, key, def);
        try {
            Duration d = Duration.parse(raw);
            if (d.getSeconds() >= 1 && d.getNano() == 0) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw invalid(key, raw, "a positive ISO-8601 duration of whole seconds, e.g. " + def);
    }

    static IllegalStateException invalid(String key, String raw, String expected) {
        return new IllegalStateException("Invalid configuration: " + key + "='" + raw + "' must be " + expected + ".");
    }

    public Rate startPerIp() { return startPerIp; }
    public Rate sendsPerRecipient() { return sendsPerRecipient; }
    public Rate sendsPerUser() { return sendsPerUser; }
    /** Country calling codes SMS may go to; empty means every one. */
    public Set<String> allowedCountryCodes() { return allowedCountryCodes; }
    public double minConversionRate() { return minConversionRate; }
    public int minConversionVolume() { return minConversionVolume; }
    public Duration conversionWindow() { return conversionWindow; }
    public Duration conversionBlock() { return conversionBlock; }
}
