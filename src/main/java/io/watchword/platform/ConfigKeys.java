package io.watchword.platform;

/** Every configuration key of the contract (§5, §7) and the few of our own, in one place. */
public final class ConfigKeys {

    public static final String OTP_LENGTH = "watchword.otp.length";
    public static final String OTP_EXPIRY = "watchword.otp.expiry";
    public static final String OTP_MAX_FAILURES = "watchword.otp.max-failures";
    public static final String LOCKOUT_THRESHOLD = "watchword.otp.lockout.threshold";
    public static final String LOCKOUT_DURATION = "watchword.otp.lockout.duration";
    public static final String LOCKOUT_MAX_FAILED_TRIES = "watchword.otp.lockout.max-failed-tries";
    public static final String EXPRESSION_MAX_LENGTH = "watchword.expression.max-length";
    public static final String EXPRESSION_TIMEOUT = "watchword.expression.timeout";
    public static final String RESEND_COOLDOWN = "watchword.otp.resend.cooldown";
    public static final String RESEND_MAX = "watchword.otp.resend.max";
    /** Recipients with a fixed passcode, {@code recipient=code,…} (contract §10); empty by default. */
    public static final String OTP_TEST_RECIPIENTS = "watchword.otp.test-recipients";
    /** The most SMS segments an OTP step's message may need (contract §10), checked at PUT. */
    public static final String SMS_MAX_SEGMENTS = "watchword.sms.max-segments";
    public static final String FLOW_EXPIRY = "watchword.flow.expiry";
    public static final String OUTBOX_ENABLED = "watchword.outbox.enabled";
    public static final String TOKEN_ISSUER = "watchword.token.issuer";
    public static final String TOKEN_AUDIENCE = "watchword.token.audience";
    public static final String TOKEN_LIFETIME = "watchword.token.lifetime";
    /** Base64 HMAC key for passcode hashes; created once in the database when absent. */
    public static final String OTP_HMAC_KEY = "watchword.otp.hmac-key";
    /** Base64 AES key (16/24/32 bytes) encrypting connection secrets; created once when absent. */
    public static final String SECRETS_KEY = "watchword.secrets.key";
    /** Development mode of the run command: demo connections with the outbox provider. */
    public static final String DEV_MODE = "watchword.dev-mode";
    /** How long ended flows and their OTP attempts are kept (at least watchword.flow.expiry). */
    public static final String RETENTION_FLOWS = "watchword.retention.flows";
    /** How long audit events are kept. */
    public static final String RETENTION_EVENTS = "watchword.retention.events";
    /** How long outbox messages are kept. */
    public static final String RETENTION_OUTBOX = "watchword.retention.outbox";
    /** How long a deactivated push token (unregistered, or refused by APNs/FCM) is kept. */
    public static final String RETENTION_PUSH_TOKENS = "watchword.retention.push-tokens";
    /** How long a user's lockout row is kept after its last change, once no lock holds. */
    public static final String RETENTION_LOCKOUTS = "watchword.retention.lockouts";
    /** How often each node runs a purge round. */
    public static final String RETENTION_INTERVAL = "watchword.retention.interval";
    /** Rows per purge transaction. */
    public static final String RETENTION_BATCH_SIZE = "watchword.retention.batch-size";

    /** Whether GET /api/admin/metrics is served and the lifecycle events are counted (default true). */
    public static final String METRICS_ENABLED = "watchword.metrics.enabled";
    /** Whether Watchword's own log lines are JSON objects with flow id and event type (default false). */
    public static final String LOG_JSON = "watchword.log.json";

    /** Abuse protection (contract §7): limits written {@code N/PTxx}, N events per window. */
    public static final String RATELIMIT_START_PER_IP = "watchword.ratelimit.start-per-ip";
    public static final String RATELIMIT_SENDS_PER_RECIPIENT = "watchword.ratelimit.sends-per-recipient";
    public static final String RATELIMIT_SENDS_PER_USER = "watchword.ratelimit.sends-per-user";
    public static final String SMS_ALLOWED_COUNTRY_CODES = "watchword.sms.allowed-country-codes";
    public static final String SMS_CONVERSION_MIN_RATE = "watchword.sms.conversion.min-rate";
    public static final String SMS_CONVERSION_MIN_VOLUME = "watchword.sms.conversion.min-volume";
    public static final String SMS_CONVERSION_WINDOW = "watchword.sms.conversion.window";
    public static final String SMS_CONVERSION_BLOCK = "watchword.sms.conversion.block";

    /** Security rules (contract §11). At most this many recipients per email message (default 10). */
    public static final String EMAIL_MAX_RECIPIENTS = "watchword.email.max-recipients";
    /** Outside development mode, whether connections may reach loopback, link-local or private addresses. */
    public static final String CONNECTIONS_ALLOW_PRIVATE_NETWORKS = "watchword.connections.allow-private-networks";

    /** Delivery (contract §8): consecutive provider failures that open a connection's circuit breaker (default 5). */
    public static final String BREAKER_FAILURES = "watchword.delivery.breaker.failures";
    /** How long an open breaker skips its connection before one trial send (default PT30S). */
    public static final String BREAKER_OPEN_FOR = "watchword.delivery.breaker.open-for";

    private ConfigKeys() {
    }
}
