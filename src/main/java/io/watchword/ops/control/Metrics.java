package io.watchword.ops.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.watchword.abuse.control.RateLimitRefused;
import io.watchword.abuse.control.RateLimiter;
import io.watchword.audit.control.LifecycleEvent;
import io.watchword.channel.Delivery;
import io.watchword.channel.DeliveryAttempt;
import io.watchword.journey.control.JourneyEnded;
import io.watchword.journey.control.OtpStepFailed;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The metrics of contract §9, per node, in Micrometer's Prometheus registry. Nothing here
 * counts on its own: every number is an observed CDI event — the audit's
 * {@link LifecycleEvent}s (after their transaction commits, as the audit row does), and the
 * typed events where no lifecycle event existed (a provider call, a step failure, a journey's
 * end, a rate-limit refusal). Labels are bounded: channel, connection and provider names,
 * journey ids, failure codes, limit names and a reason class — never a user, recipient or
 * country code. With {@code watchword.metrics.enabled=false} every observer returns at once.
 */
@ApplicationScoped
public class Metrics {

    /** Bucket bounds of {@code watchword_delivery_seconds}: a provider answers in ms to seconds. */
    static final Duration[] DELIVERY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    @Inject
    Settings settings;

    private PrometheusMeterRegistry registry;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        if (settings.metricsEnabled()) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }

    /** The Prometheus text exposition (0.0.4), or empty when metrics are disabled. */
    public Optional<String> scrape() {
        return registry == null ? Optional.empty() : Optional.of(registry.scrape());
    }

    void lifecycle(@Observes(during = TransactionPhase.AFTER_SUCCESS) LifecycleEvent e) {
        if (registry == null) {
            return;
        }
        switch (e.type()) {
            case LifecycleEvent.OTP_SENT, LifecycleEvent.OTP_RESENT -> counter("watchword.otp.sent",
                    "channel", label(e.channel()), "connection", label(e.details().get("connection")),
                    "provider", label(e.details().get("provider"))).increment();
            case LifecycleEvent.OTP_VERIFIED -> counter("watchword.otp.verified", "channel", label(e.channel())).increment();
            case LifecycleEvent.CONNECTION_OPENED -> gauge(label(e.details().get("connection"))).set(1);
            case LifecycleEvent.CONNECTION_CLOSED -> gauge(label(e.details().get("connection"))).set(0);
            default -> {
            }
        }
    }

    void stepFailed(@Observes(during = TransactionPhase.AFTER_SUCCESS) OtpStepFailed e) {
        if (registry != null) {
            counter("watchword.otp.failed", "channel", label(e.channel()), "code", label(e.code())).increment();
        }
    }

    void journeyEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) JourneyEnded e) {
        if (registry != null) {
            counter("watchword.journeys", "journey", label(e.journeyId()), "outcome", label(e.outcome())).increment();
        }
    }

    /** A provider call happened whether or not the request's transaction commits. */
    void delivered(@Observes DeliveryAttempt a) {
        if (registry == null) {
            return;
        }
        String connection = label(a.connection());
        String provider = label(a.provider());
        gauge(connection);
        if (!a.skipped()) {
            Timer.builder("watchword.delivery").description("Provider calls, by connection and provider")
                    .tags("connection", connection, "provider", provider)
                    .serviceLevelObjectives(DELIVERY_BUCKETS)
                    .register(registry).record(a.nanos(), TimeUnit.NANOSECONDS);
        }
        if (a.failed()) {
            counter("watchword.delivery.failures", "connection", connection, "provider", provider,
                    "reason", reason(a)).increment();
        }
    }

    /** A refusal stands even though its request is answered with an error. */
    void refused(@Observes RateLimitRefused r) {
        if (registry != null) {
            counter("watchword.ratelimit.refusals", "limit", limit(r.kind())).increment();
        }
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, Tags.of(tags));
    }

    private AtomicInteger gauge(String connection) {
        return open.computeIfAbsent(connection, c ->
                registry.gauge("watchword.connection.open", Tags.of("connection", c), new AtomicInteger()));
    }

    private static String label(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    /** The limit's setting name (contract §7), e.g. {@code sends-per-recipient}. */
    static String limit(String kind) {
        return switch (kind) {
            case RateLimiter.START_IP -> "start-per-ip";
            case RateLimiter.SEND_RECIPIENT -> "sends-per-recipient";
            case RateLimiter.SEND_USER -> "sends-per-user";
            default -> "other";
        };
    }

    /** A small, fixed set of reasons: a provider's own text would be an unbounded label. */
    static String reason(DeliveryAttempt a) {
        if (ErrorCodes.INVALID_RECIPIENT.equals(a.failureCode())) {
            return ErrorCodes.INVALID_RECIPIENT;
        }
        String r = a.reason() == null ? "" : a.reason();
        if (r.equals(Delivery.UNREGISTERED) || r.equals(Delivery.CIRCUIT_OPEN) || r.equals(Delivery.MAX_CONCURRENCY)) {
            return r;
        }
        if (a.status() != null) {
            return a.status() == 429 ? "http_429" : "http_" + (a.status() / 100) + "xx";
        }
        if (r.contains("timeout") || r.startsWith("no answer")) {
            return "timeout";
        }
        if (r.contains("refused or unreachable") || r.contains("unknown host")) {
            return "unreachable";
        }
        if (r.startsWith("connection setting") || r.startsWith("connection secret") || r.contains("cannot sign")
                || r.contains("not a service account") || r.equals("no such provider")) {
            return "configuration";
        }
        return "other";
    }
}
