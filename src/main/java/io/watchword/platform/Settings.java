package io.watchword.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The global settings, read once when the application starts and checked: an invalid value
 * stops the deployment with a message naming its key (contract §5).
 */
@ApplicationScoped
public class Settings {

    private int otpLength;
    private Duration otpExpiry;
    private int maxFailures;
    private int lockoutThreshold;
    private Duration lockoutDuration;
    private int maxFailedTries;
    private int expressionMaxLength;
    private Duration expressionTimeout;
    private Duration resendCooldown;
    private int resendMax;
    private Duration flowExpiry;
    private boolean outboxEnabled;
    private Optional<String> tokenIssuer;
    private String tokenAudience;
    private Duration tokenLifetime;
    private boolean devMode;
    private Duration retentionFlows;
    private Duration retentionEvents;
    private Duration retentionOutbox;
    private Duration retentionInterval;
    private Duration retentionPushTokens;
    private Duration retentionLockouts;
    private int retentionBatchSize;
    private int smsMaxSegments;
    private boolean metricsEnabled;
    private boolean logJson;
    private int breakerFailures;
    private Duration breakerOpenFor;

    /** Reads and checks every setting; throws {@link IllegalStateException} naming the bad key. */
    @PostConstruct
    public void load() {
        load(ConfigProvider.getConfig());
    }

    void load(Config c) {
        otpLength = intIn(c, ConfigKeys.OTP_LENGTH, 6, 4, 10);
        otpExpiry = positive(c, ConfigKeys.OTP_EXPIRY, "PT5M");
        maxFailures = intIn(c, ConfigKeys.OTP_MAX_FAILURES, 3, 1, 100);
        lockoutThreshold = intIn(c, ConfigKeys.LOCKOUT_THRESHOLD, 5, 1, 1000);
        lockoutDuration = nonNegative(c, ConfigKeys.LOCKOUT_DURATION, "PT15M");
        // NIST SP 800-63B-4: at most 100 consecutive failed attempts per account.
        maxFailedTries = intIn(c, ConfigKeys.LOCKOUT_MAX_FAILED_TRIES, 15, 1, 100);
        expressionMaxLength = intIn(c, ConfigKeys.EXPRESSION_MAX_LENGTH, 10_000, 100, 1_000_000);
        expressionTimeout = positive(c, ConfigKeys.EXPRESSION_TIMEOUT, "PT0.1S");
        resendCooldown = nonNegative(c, ConfigKeys.RESEND_COOLDOWN, "PT30S");
        resendMax = intIn(c, ConfigKeys.RESEND_MAX, 3, 0, 100);
        flowExpiry = positive(c, ConfigKeys.FLOW_EXPIRY, "PT15M");
        devMode = bool(c, ConfigKeys.DEV_MODE, false);
        // Outside development mode the outbox is off unless asked for, and the issuer of the
        // completion tokens is configured rather than taken from a request's Host header (§11).
        outboxEnabled = bool(c, ConfigKeys.OUTBOX_ENABLED, devMode);
        tokenIssuer = c.getOptionalValue(ConfigKeys.TOKEN_ISSUER, String.class).filter(s -> !s.isBlank());
        if (!devMode && tokenIssuer.isEmpty()) {
            throw new IllegalStateException("Invalid configuration: " + ConfigKeys.TOKEN_ISSUER + " must be set outside"
                    + " development mode (the deployment's public base URL, e.g. https://login.acme.com/watchword).");
        }
        tokenAudience = c.getOptionalValue(ConfigKeys.TOKEN_AUDIENCE, String.class).orElse("watchword");
        tokenLifetime = positive(c, ConfigKeys.TOKEN_LIFETIME, "PT5M");
        // How they must relate to the flow expiry is retention's rule (RetentionPolicy.of(Settings)).
        retentionFlows = positive(c, ConfigKeys.RETENTION_FLOWS, "P1D");
        retentionEvents = positive(c, ConfigKeys.RETENTION_EVENTS, "P30D");
        retentionOutbox = positive(c, ConfigKeys.RETENTION_OUTBOX, "P1D");
        retentionPushTokens = positive(c, ConfigKeys.RETENTION_PUSH_TOKENS, "P30D");
        retentionLockouts = positive(c, ConfigKeys.RETENTION_LOCKOUTS, "P30D");
        retentionInterval = positive(c, ConfigKeys.RETENTION_INTERVAL, "PT5M");
        if (retentionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid(ConfigKeys.RETENTION_INTERVAL, retentionInterval.toString(), "at least PT1S");
        }
        retentionBatchSize = intIn(c, ConfigKeys.RETENTION_BATCH_SIZE, 1000, 1, 100_000);
        smsMaxSegments = intIn(c, ConfigKeys.SMS_MAX_SEGMENTS, 3, 1, 255); // 255: the most parts a concatenated SMS has
        metricsEnabled = bool(c, ConfigKeys.METRICS_ENABLED, true);
        logJson = bool(c, ConfigKeys.LOG_JSON, false);
        breakerFailures = intIn(c, ConfigKeys.BREAKER_FAILURES, 5, 1, 1000);
        breakerOpenFor = positive(c, ConfigKeys.BREAKER_OPEN_FOR, "PT30S");
    }

    static int intIn(Config c, String key, int def, int min, int max) {
        String raw = c.getOptionalValue(key, String.class).orElse(String.valueOf(def)).trim();
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a whole number from " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw invalid(key, raw, "a whole number from " + min + " to " + max);
        }
        return v;
    }

    private static String raw(Config c, String key, String def) {
        return c.getOptionalValue(key, String.class).orElse(def).trim();
    }

    static Duration nonNegative(Config c, String key, String def) {
        String raw = raw(c, key, def);
        try {
            Duration d = Duration.parse(raw);
            if (d.isNegative()) {
                throw invalid(key, raw, "a duration that is not negative (ISO-8601, e.g. PT30S)");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(key, raw, "an ISO-8601 duration such as PT5M");
        }
    }

    static Duration positive(Config c, String key, String def) {
        Duration d = nonNegative(c, key, def);
        if (d.isZero()) {
            throw invalid(key, raw(c, key, def), "a positive duration");
        }
        return d;
    }

    static boolean bool(Config c, String key, boolean def) {
        String raw = c.getOptionalValue(key, String.class).orElse(String.valueOf(def)).trim();
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw invalid(key, raw, "true or false");
        }
        return Boolean.parseBoolean(raw);
    }

    /** The start-stopping error for {@code key}: "Invalid configuration: key='raw' must be expected." */
    public static IllegalStateException invalid(String key, String raw, String expected) {
        return new IllegalStateException("Invalid configuration: " + key + "='" + raw
                + "' must be " + expected + ".");
    }

    public int otpLength() { return otpLength; }
    public Duration otpExpiry() { return otpExpiry; }
    public int maxFailures() { return maxFailures; }
    public int lockoutThreshold() { return lockoutThreshold; }
    public Duration lockoutDuration() { return lockoutDuration; }
    public int maxFailedTries() { return maxFailedTries; }
    public int expressionMaxLength() { return expressionMaxLength; }
    public Duration expressionTimeout() { return expressionTimeout; }
    public Duration resendCooldown() { return resendCooldown; }
    public int resendMax() { return resendMax; }
    public Duration flowExpiry() { return flowExpiry; }
    public boolean outboxEnabled() { return outboxEnabled; }
    public Optional<String> tokenIssuer() { return tokenIssuer; }
    public String tokenAudience() { return tokenAudience; }
    public Duration tokenLifetime() { return tokenLifetime; }
    public boolean devMode() { return devMode; }
    public Duration retentionFlows() { return retentionFlows; }
    public Duration retentionEvents() { return retentionEvents; }
    public Duration retentionOutbox() { return retentionOutbox; }
    public Duration retentionInterval() { return retentionInterval; }
    public Duration retentionPushTokens() { return retentionPushTokens; }
    public Duration retentionLockouts() { return retentionLockouts; }
    public int retentionBatchSize() { return retentionBatchSize; }
    public int smsMaxSegments() { return smsMaxSegments; }
    public boolean metricsEnabled() { return metricsEnabled; }
    public boolean logJson() { return logJson; }
    public int breakerFailures() { return breakerFailures; }
    public Duration breakerOpenFor() { return breakerOpenFor; }
}
