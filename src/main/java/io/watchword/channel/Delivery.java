package io.watchword.channel;

import io.watchword.channel.breaker.CircuitBreakers;
import io.watchword.channel.breaker.ConnectionHealth;
import io.watchword.channel.outbox.OutboxProvider;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.SecuritySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way a passcode leaves Watchword (contract §8): {@link #plan} resolves the step's
 * connections, checks the recipients once and finds the push device (inside the request's
 * transaction, no remote call); {@link #deliver} then tries the connections in order, outside
 * any transaction and off the request thread, skipping open breakers and full bulkheads, and
 * moving on only on failures another provider could fix.
 */
@ApplicationScoped
public class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());

    /** Why a connection was passed over without a call. */
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String MAX_CONCURRENCY = "max_concurrency";
    /** A push provider's word that the device is dead (APNs 410 Unregistered, FCM UNREGISTERED). */
    public static final String UNREGISTERED = "unregistered";

    @Inject
    ConnectionDirectory connections;

    @Inject
    DeviceDirectory devices;

    @Inject
    Providers providers;

    @Inject
    CircuitBreakers breakers;

    @Inject
    Bulkheads bulkheads;

    @Inject
    SecuritySettings security;

    @Inject
    Event<DeviceUnregistered> deadDevices;

    /** Resolves and checks a send; a refused plan says why nothing can be sent. */
    public SendPlan plan(SendRequest r) {
        List<ConnectionSpec> specs = new ArrayList<>();
        for (String name : r.connections()) {
            ConnectionSpec spec = connections.spec(name);
            if (spec == null || spec.channel() != r.channel()) {
                return SendPlan.refused(r.channel(), ErrorCodes.CONNECTION_NOT_FOUND, spec == null
                        ? "There is no connection named '" + name + "'."
                        : "The connection '" + name + "' serves " + spec.channel().id() + ", not " + r.channel().id() + ".",
                        Map.of("connection", name == null ? "" : name));
            }
            specs.add(spec);
        }
        if (specs.isEmpty()) {
            return SendPlan.refused(r.channel(), ErrorCodes.CONNECTION_NOT_FOUND, "The step names no connection.",
                    Map.of("connection", ""));
        }
        specs = rotated(specs, r.lastConnection());
        SendPlan plan = switch (r.channel()) {
            case SMS -> r.recipients().size() == 1 && Recipients.isPhone(r.recipients().get(0))
                    ? new SendPlan(r.channel(), specs, r.recipients(), null)
                    : SendPlan.refused(r.channel(), ErrorCodes.INVALID_RECIPIENT,
                    "The recipient is not a phone number in E.164 form (+ and 8–15 digits).", Map.of());
            case EMAIL -> {
                String problem = Recipients.emailProblem(r.recipients(), security.emailMaxRecipients());
                yield problem == null ? new SendPlan(r.channel(), specs, r.recipients(), null)
                        : SendPlan.refused(r.channel(), ErrorCodes.INVALID_RECIPIENT, problem, Map.of());
            }
            case PUSH -> pushPlan(r, specs);
        };
        // Read here, in the request's transaction: outside one, each query would cost a
        // persistence context of its own (measured: more than the provider call itself).
        return plan.refusal() != null ? plan
                : plan.withBreakers(breakers.read(plan.connections().stream().map(ConnectionSpec::name).toList()));
    }

    /**
     * Push goes to one registered device: the one the journey named, or the user's newest for
     * the first connection's provider; only connections of that provider (or the development
     * outbox) can reach it. The device must be the user's own (contract §11).
     */
    private SendPlan pushPlan(SendRequest r, List<ConnectionSpec> specs) {
        String provider = OutboxProvider.NAME.equals(specs.get(0).provider()) ? null : specs.get(0).provider();
        DeviceDirectory.Device device = r.pushToken() == null || r.pushToken().isBlank()
                ? devices.newest(r.userId(), provider) : devices.byToken(provider, r.pushToken());
        String none = "No active device is registered for this user with " + specs.get(0).provider() + ".";
        if (device == null || !device.active()) {
            return SendPlan.refused(ChannelType.PUSH, ErrorCodes.NO_DEVICE_FOUND, none, Map.of());
        }
        if (!device.userId().equals(r.userId())) {
            // A device named by the journey's input must be the user's own, or a passcode for
            // the user would reach whoever registered that device.
            return SendPlan.refused(ChannelType.PUSH, ErrorCodes.NO_DEVICE_FOUND, none,
                    Map.of("reason", DeliveryException.NOT_USERS_DEVICE));
        }
        List<ConnectionSpec> reaching = specs.stream()
                .filter(s -> provider == null || s.provider().equals(provider) || OutboxProvider.NAME.equals(s.provider())).toList();
        return new SendPlan(ChannelType.PUSH, reaching, List.of(device.token()), device.id());
    }

    /** A resend starts with the connection after the one that delivered the last passcode, wrapping (contract §8). */
    static List<ConnectionSpec> rotated(List<ConnectionSpec> specs, String last) {
        int at = -1;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(last)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return specs;
        }
        List<ConnectionSpec> r = new ArrayList<>(specs.subList(at + 1, specs.size()));
        r.addAll(specs.subList(0, at + 1));
        return r;
    }

    /**
     * Tries the plan's connections in order until one accepts the message. Must run outside any
     * transaction ({@link Providers#deliver} refuses to call a provider inside one).
     */
    public DeliveryReport deliver(SendPlan plan, OutboundMessage message) {
        Map<String, ConnectionHealth> seen = plan.breakers();
        List<Map<String, Object>> tries = new ArrayList<>();
        List<Map<String, Object>> adminTries = new ArrayList<>();
        boolean deviceGone = false;
        DeliveryException last = null;
        for (ConnectionSpec spec : plan.connections()) {
            ConnectionHealth health = seen.get(spec.name());
            if (health != null && health.isOpen() && !breakers.admit(spec.name(), health)) {
                skipped(spec, message, CIRCUIT_OPEN, tries, adminTries);
                continue;
            }
            Bulkheads.Slot slot = bulkheads.enter(spec);
            if (slot == null) {
                skipped(spec, message, MAX_CONCURRENCY, tries, adminTries);
                failed(spec.name(), MAX_CONCURRENCY);
                continue;
            }
            try (slot) {
                call(spec, message);
                if (health != null && health.needsClosing()) {
                    breakers.succeeded(spec.name(), health); // a healthy connection writes nothing
                }
                return new DeliveryReport(spec, null, null, null, tries, adminTries, false);
            } catch (DeliveryException e) {
                last = e;
                tries.add(tried(spec, e.details()));
                adminTries.add(tried(spec, e.adminDetails()));
                if (UNREGISTERED.equals(e.details().get("reason")) && plan.deviceId() != null && !deviceGone) {
                    deviceGone = true;
                    deadDevices.fire(new DeviceUnregistered(plan.deviceId()));
                }
                if (!movesOn(e)) {
                    return new DeliveryReport(null, e.code(), e.getMessage(), e.details(), tries, adminTries, deviceGone);
                }
                failed(spec.name(), String.valueOf(e.details().get("reason")));
            }
        }
        Map<String, Object> details = new LinkedHashMap<>(last == null ? Map.of() : last.details());
        details.put("attempts", tries);
        String message1 = last != null && tries.size() == 1 ? last.getMessage()
                : "No connection delivered the message (" + tries.size() + " tried).";
        return new DeliveryReport(null, ErrorCodes.PROVIDER_ERROR, message1, details, tries, adminTries, deviceGone);
    }

    /**
     * One provider call. A provider that throws what it should have reported (a bug) fails this
     * connection like no answer would, so the flow still gets its answer; the log has the cause.
     */
    private void call(ConnectionSpec spec, OutboundMessage message) throws DeliveryException {
        try {
            providers.deliver(spec, message);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Provider " + spec.provider() + " of connection " + spec.name() + " failed unexpectedly", e);
            throw DeliveryException.provider(spec.provider(), null, "unexpected error in the provider");
        }
    }

    /** An admin's test send through one connection: its success closes the connection's breaker. */
    public DeliveryResult test(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        DeliveryResult r = providers.deliver(connection, message);
        breakers.close(connection.name());
        return r;
    }

    /**
     * Whether another provider could fix this failure (contract §8): no answer, a timeout, 429 or
     * 5xx. A wrong recipient, a dead device or another refusal of the message never moves on.
     */
    static boolean movesOn(DeliveryException e) {
        if (!ErrorCodes.PROVIDER_ERROR.equals(e.code()) || UNREGISTERED.equals(e.details().get("reason"))) {
            return false;
        }
        Object status = e.details().get("status");
        return !(status instanceof Integer s) || s == 429 || s >= 500;
    }

    /** Counts a breaker failure; a lost race to insert the connection's first row counts again. */
    private void failed(String connection, String reason) {
        try {
            breakers.failed(connection, reason);
        } catch (RuntimeException lostInsert) {
            breakers.failed(connection, reason);
        }
    }

    private void skipped(ConnectionSpec spec, OutboundMessage message, String reason,
                         List<Map<String, Object>> tries, List<Map<String, Object>> adminTries) {
        Map<String, Object> d = tried(spec, Map.of("reason", reason));
        tries.add(d);
        adminTries.add(d);
        providers.skipped(spec, message.channel(), reason);
    }

    private static Map<String, Object> tried(ConnectionSpec spec, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("connection", spec.name());
        d.put("provider", spec.provider());
        if (details.get("status") != null) {
            d.put("status", details.get("status"));
        }
        d.put("reason", details.get("reason") == null ? "" : details.get("reason"));
        if (details.get("providerAnswer") != null) {
            d.put("providerAnswer", details.get("providerAnswer"));
        }
        return d;
    }
}
