package io.watchword.connection.control;

import io.watchword.channel.breaker.CircuitBreakers;
import io.watchword.channel.breaker.ConnectionHealth;
import io.watchword.connection.entity.Connection;
import io.watchword.platform.JsonValues;
import io.watchword.platform.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** A connection as the admin API shows it (contract §3, §8): secrets masked, its breaker's health. */
@ApplicationScoped
public class ConnectionJson {

    private static final String UNREADABLE = "The stored secrets cannot be decrypted for this connection "
            + "(written for another connection, or with another watchword.secrets.key): send them again.";

    @Inject
    SecretCipher cipher;

    @Inject
    CircuitBreakers breakers;

    @Inject
    Clock clock;

    public JsonObject of(Connection c) {
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        Optional<Map<String, String>> readable = cipher.readable(c);
        readable.orElse(Map.of()).keySet().forEach(k -> secrets.add(k, ConnectionBody.MASK));
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("name", c.name()).add("channel", c.channel()).add("provider", c.provider())
                .add("settings", JsonValues.parseObject(c.settings()))
                .add("secrets", secrets)
                .add("createdAt", Times.format(c.createdAt()))
                .add("updatedAt", Times.format(c.updatedAt()));
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
            b.add("openUntil", Times.format(h.openUntil()));
        }
        if (h.lastFailureAt() != null) {
            JsonObjectBuilder last = Json.createObjectBuilder().add("at", Times.format(h.lastFailureAt()));
            if (h.lastFailureReason() != null) {
                last.add("reason", h.lastFailureReason());
            }
            b.add("lastFailure", last);
        }
        return b.build();
    }
}
