package io.watchword.connection.control;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.EndpointGuard;
import io.watchword.channel.breaker.CircuitBreakers;
import io.watchword.channel.outbox.OutboxProvider;
import io.watchword.channel.breaker.ConnectionHealth;
import io.watchword.channel.provider.SettingsCheck;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.Providers;
import io.watchword.connection.entity.Connection;
import io.watchword.journey.control.JourneyRepository;
import io.watchword.platform.FieldError;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import io.watchword.platform.SecretBox;
import io.watchword.platform.Settings;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/** Manages external connections (contract §3): validated, named uniquely, secrets encrypted. */
@Stateless
public class ConnectionService {

    public static final String MASK = "***";
    /**
     * Settings that say where a connection's messages go (contract §11): changing one, or the
     * provider, makes every stored secret be sent again, so a secret never follows a new host.
     */
    static final Set<String> ENDPOINT_SETTINGS = Set.of("url", "baseUrl", "tokenUri", "host", "port", "environment");
    private static final Logger LOG = Logger.getLogger(ConnectionService.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Providers providers;

    @Inject
    SecretCipher cipher;

    @Inject
    ConnectionSpecs specs;

    @Inject
    Settings settings;

    @Inject
    JourneyRepository journeys;

    @Inject
    Clock clock;

    @Inject
    EndpointGuard endpoints;

    @Inject
    CircuitBreakers breakers;

    public List<Connection> list() {
        return em.createQuery("select c from Connection c order by c.name", Connection.class).getResultList();
    }

    public Connection get(String name) {
        Connection c = name == null ? null : em.find(Connection.class, name);
        if (c == null) {
            throw ProblemException.notFound("There is no connection named '" + name + "'.");
        }
        return c;
    }

    public Connection create(JsonObject body) {
        String name = JsonValues.string(body, "name");
        if (name != null && em.find(Connection.class, name) != null) {
            throw ProblemException.conflict("connection_exists", "A connection named '" + name + "' already exists.");
        }
        Connection c = new Connection(name, clock.instant());
        define(c, body, Map.of(), false);
        em.persist(c);
        try {
            // Two creates of one name can both pass the find above; the primary key decides,
            // and the loser gets the same 409 instead of a failed commit.
            em.flush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict("connection_exists", "A connection named '" + name + "' already exists.");
        }
        return c;
    }

    /** Creates the connection unless one of that name exists (start-up seeding). */
    public void createIfAbsent(JsonObject body) {
        if (em.find(Connection.class, JsonValues.string(body, "name")) == null) {
            create(body);
        }
    }

    /** Replaces, or creates; returns whether it was created. */
    public boolean put(String name, JsonObject body) {
        String bodyName = JsonValues.string(body, "name");
        if (bodyName != null && !bodyName.equals(name)) {
            throw ProblemException.invalid("name", "must equal the name in the path ('" + name + "')");
        }
        JsonObject named = bodyName == null ? Json.createObjectBuilder(body).add("name", name).build() : body;
        Connection existing = em.find(Connection.class, name);
        if (existing == null) {
            create(named);
            return true;
        }
        Map<String, String> stored = readableSecrets(existing).orElse(Map.of());
        define(existing, named, stored, endpointChanged(existing, named));
        return false;
    }

    public void delete(String name) {
        Connection c = get(name);
        List<String> users = journeys.journeysUsingConnection(name);
        if (!users.isEmpty()) {
            throw ProblemException.conflict("connection_in_use", "The connection '" + name
                    + "' is used by the journeys " + String.join(", ", users) + ".");
        }
        em.remove(c);
        breakers.forget(name);
    }

    /** The connection as providers see it, or null when there is none of that name. */
    public ConnectionSpec spec(String name) {
        Connection c = name == null ? null : em.find(Connection.class, name);
        if (c == null) {
            return null;
        }
        return specs.of(c, () -> {
            Optional<Map<String, String>> secrets = readableSecrets(c);
            return new ConnectionSpec(c.name(), ChannelType.of(c.channel()).orElseThrow(), c.provider(),
                    JsonValues.parseObject(c.settings()), secrets.orElse(Map.of()), secrets.isEmpty());
        });
    }

    /** A test message and the connection it goes through; sent by the caller, after this transaction. */
    public record TestSend(ConnectionSpec connection, OutboundMessage message) {
    }

    /** Prepares a real test message through the connection ({@code to} checked by the channel when sent). */
    public TestSend test(String name, String to) {
        ConnectionSpec spec = spec(name);
        if (spec == null) {
            throw ProblemException.notFound("There is no connection named '" + name + "'.");
        }
        if (to == null || to.isBlank()) {
            throw ProblemException.invalid("to", "is required");
        }
        String text = "This is a test message from Watchword (connection " + name + ").";
        return new TestSend(spec, new OutboundMessage(spec.channel(), List.of(to), null,
                spec.channel() == ChannelType.SMS ? null : "Watchword test", text));
    }

    /**
     * The providers a connection can be made with, each with the description its validation
     * walks ({@link ProviderFields}): the admin console builds its forms from this.
     */
    public JsonArray providerDescriptions() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        providers.all().forEach((name, p) -> {
            if (OutboxProvider.NAME.equals(name) && !settings.outboxEnabled()) {
                return;
            }
            JsonArrayBuilder channels = Json.createArrayBuilder();
            p.channels().stream().map(ChannelType::id).sorted().forEach(channels::add);
            JsonArrayBuilder fields = Json.createArrayBuilder();
            List<ProviderFields.Setting> all = new ArrayList<>(p.fields().settings());
            all.addAll(ProviderFields.DELIVERY.settings());
            for (ProviderFields.Setting f : all) {
                JsonObjectBuilder o = Json.createObjectBuilder().add("name", f.name())
                        .add("type", f.kind().id()).add("required", f.required());
                if (f.requiredUnless() != null) {
                    o.add("requiredUnless", f.requiredUnless());
                }
                if (f.defaultValue() != null) {
                    o.add("default", f.defaultValue());
                }
                if (!f.allowed().isEmpty()) {
                    o.add("allowed", Json.createArrayBuilder(f.allowed()));
                }
                fields.add(o);
            }
            JsonArrayBuilder secrets = Json.createArrayBuilder();
            p.fields().secrets().forEach(x -> secrets.add(Json.createObjectBuilder().add("name", x.name())
                    .add("required", x.required()).add("multiline", x.multiline())));
            a.add(Json.createObjectBuilder().add("id", name).add("channels", channels)
                    .add("settings", fields).add("secrets", secrets));
        });
        return a.build();
    }

    public JsonObject toJson(Connection c) {
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        Optional<Map<String, String>> readable = readableSecrets(c);
        readable.orElse(Map.of()).keySet().forEach(k -> secrets.add(k, MASK));
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("name", c.name()).add("channel", c.channel()).add("provider", c.provider())
                .add("settings", JsonValues.parseObject(c.settings()))
                .add("secrets", secrets)
                .add("createdAt", io.watchword.platform.Times.format(c.createdAt()))
                .add("updatedAt", io.watchword.platform.Times.format(c.updatedAt()));
        if (readable.isEmpty()) {
            b.add("secretsError", UNREADABLE);
        }
        return b.add("health", health(c.name())).build();
    }

    /** The connection's circuit breaker as the contract shows it (§8): closed with no failures until it first fails. */
    private JsonObject health(String name) {
        ConnectionHealth h = breakers.health(name);
        JsonObjectBuilder b = Json.createObjectBuilder();
        if (h == null) {
            return b.add("state", "closed").add("consecutiveFailures", 0).build();
        }
        b.add("state", h.stateName(clock.instant())).add("consecutiveFailures", h.consecutiveFailures());
        if (h.isOpen() && h.openUntil() != null) {
            b.add("openUntil", io.watchword.platform.Times.format(h.openUntil()));
        }
        if (h.lastFailureAt() != null) {
            JsonObjectBuilder last = Json.createObjectBuilder().add("at", io.watchword.platform.Times.format(h.lastFailureAt()));
            if (h.lastFailureReason() != null) {
                last.add("reason", h.lastFailureReason());
            }
            b.add("lastFailure", last);
        }
        return b.build();
    }

    private void define(Connection c, JsonObject body, Map<String, String> stored, boolean endpointChanged) {
        List<FieldError> errors = new ArrayList<>();
        String name = JsonValues.string(body, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "is required: 1–100 letters, digits, '.', '_' or '-'"));
        }
        String channelId = JsonValues.string(body, "channel");
        ChannelType channel = ChannelType.of(channelId).orElse(null);
        if (channel == null) {
            errors.add(new FieldError("channel", "must be one of sms, email, push"));
        }
        String providerName = JsonValues.string(body, "provider");
        MessageProvider provider = providers.provider(providerName).orElse(null);
        if (provider == null) {
            errors.add(new FieldError("provider", "must be one of " + String.join(", ", providers.all().keySet())));
        } else if (channel != null && !provider.channels().contains(channel)) {
            errors.add(new FieldError("provider", "'" + providerName + "' does not serve the " + channelId + " channel"));
        } else if (OutboxProvider.NAME.equals(providerName) && !settings.outboxEnabled()) {
            errors.add(new FieldError("provider", "the outbox provider is disabled (watchword.outbox.enabled=false)"));
        }
        JsonObject settingsJson = objectOrError(body, "settings", errors);
        Map<String, String> secrets = secretsOf(body, endpointChanged ? Map.of() : stored, errors);
        if (endpointChanged) {
            errors.replaceAll(e -> e.field().startsWith("secrets.") && stored.containsKey(e.field().substring(8))
                    ? new FieldError(e.field(), ENDPOINT_CHANGED) : e);
            for (String k : stored.keySet()) {
                boolean removed = body.get("secrets") instanceof JsonObject given && given.get(k) == JsonValue.NULL;
                if (!removed && !secrets.containsKey(k) && (provider == null || provider.secretNames().contains(k))
                        && errors.stream().noneMatch(e -> e.field().equals("secrets." + k))) {
                    errors.add(new FieldError("secrets." + k, ENDPOINT_CHANGED));
                }
            }
        }
        if (provider != null && settingsJson != null) {
            for (String k : secrets.keySet()) {
                if (!provider.secretNames().contains(k)) {
                    errors.add(new FieldError("secrets." + k, "is not a secret of the " + providerName + " provider"));
                }
            }
            errors.addAll(provider.validate(settingsJson, secrets));
            errors.addAll(SettingsCheck.delivery(settingsJson));
            if (errors.isEmpty()) {
                errors.addAll(endpoints.check(provider, settingsJson, secrets));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The connection is not valid.", errors);
        }
        c.define(channelId, providerName, settingsJson.toString(),
                secrets.isEmpty() ? null : cipher.encrypt(JsonValues.toJson(secrets).toString(), c.name(), providerName),
                clock.instant());
    }

    private static JsonObject objectOrError(JsonObject body, String key, List<FieldError> errors) {
        JsonValue v = body.get(key);
        if (v == null || v == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError(key, "must be an object"));
            return null;
        }
        return v.asJsonObject();
    }

    private static final String ENDPOINT_CHANGED = "must be sent again: the connection's endpoint changed "
            + "(url, baseUrl, tokenUri, host, port, provider or environment), and a stored secret never follows it";
    private static final String UNREADABLE = "The stored secrets cannot be decrypted for this connection "
            + "(written for another connection, or with another watchword.secrets.key): send them again.";

    /** Whether a PUT points the connection somewhere else: another provider, or another endpoint setting. */
    static boolean endpointChanged(Connection existing, JsonObject body) {
        if (!Objects.equals(existing.provider(), JsonValues.string(body, "provider"))) {
            return true;
        }
        JsonObject before = JsonValues.parseObject(existing.settings());
        JsonValue given = body.get("settings");
        JsonObject after = given instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        for (String k : ENDPOINT_SETTINGS) {
            if (!Objects.equals(normal(before.get(k)), normal(after.get(k)))) {
                return true;
            }
        }
        return false;
    }

    private static String normal(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        return v instanceof JsonString s ? s.getString().strip() : v.toString();
    }

    /** The secrets of a PUT/POST: an omitted secret, or "***", keeps the stored value. */
    private static Map<String, String> secretsOf(JsonObject body, Map<String, String> stored, List<FieldError> errors) {
        Map<String, String> result = new LinkedHashMap<>(stored);
        JsonObject given = objectOrError(body, "secrets", errors);
        if (given == null) {
            return result;
        }
        for (Entry<String, JsonValue> e : given.entrySet()) {
            if (e.getValue() == JsonValue.NULL) {
                result.remove(e.getKey());
            } else if (!(e.getValue() instanceof JsonString s)) {
                errors.add(new FieldError("secrets." + e.getKey(), "must be a string"));
            } else if (!MASK.equals(s.getString())) {
                result.put(e.getKey(), s.getString());
            } else if (!stored.containsKey(e.getKey())) {
                errors.add(new FieldError("secrets." + e.getKey(), "has no stored value to keep here"));
            }
        }
        return result;
    }

    /** The decrypted secrets; empty when they cannot be decrypted for this connection (see {@link SecretCipher}). */
    private Optional<Map<String, String>> readableSecrets(Connection c) {
        if (c.secrets() == null) {
            return Optional.of(Map.of());
        }
        String plain;
        try {
            plain = cipher.decrypt(c.secrets(), c.name(), c.provider());
        } catch (SecretBox.UnreadableSecretException e) {
            LOG.warning("The stored secrets of connection " + c.name() + " cannot be decrypted: " + e.getMessage());
            return Optional.empty();
        }
        Map<String, String> m = new LinkedHashMap<>();
        JsonValues.parseObject(plain).forEach((k, v) -> m.put(k, ((JsonString) v).getString()));
        return Optional.of(m);
    }
}
