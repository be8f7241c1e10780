package io.watchword.connection.control;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.breaker.CircuitBreakers;
import io.watchword.connection.entity.Connection;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manages external connections (contract §3): validated, named uniquely, secrets encrypted. */
@Stateless
public class ConnectionService {

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    ConnectionValidator validator;

    @Inject
    SecretCipher cipher;

    @Inject
    ConnectionSpecs specs;

    @Inject
    Event<ConnectionDeleting> deleting;

    @Inject
    Clock clock;

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
            throw ProblemException.conflict(ErrorCodes.CONNECTION_EXISTS, "A connection named '" + name + "' already exists.");
        }
        Connection c = new Connection(name, clock.instant());
        define(c, body, Map.of(), false);
        em.persist(c);
        try {
            // Two creates of one name can both pass the find above; the primary key decides,
            // and the loser gets the same 409 instead of a failed commit.
            em.flush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict(ErrorCodes.CONNECTION_EXISTS, "A connection named '" + name + "' already exists.");
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
        Map<String, String> stored = cipher.readable(existing).orElse(Map.of());
        define(existing, named, stored, ConnectionBody.movesEndpoint(existing, named));
        return false;
    }

    public void delete(String name) {
        Connection c = get(name);
        ConnectionDeleting asked = new ConnectionDeleting(name);
        deleting.fire(asked);
        List<String> journeys = asked.journeys();
        if (!journeys.isEmpty()) {
            throw ProblemException.conflict(ErrorCodes.CONNECTION_IN_USE, "The connection '" + name
                    + "' is used by the journeys " + String.join(", ", journeys) + ".");
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
            Optional<Map<String, String>> secrets = cipher.readable(c);
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

    private void define(Connection c, JsonObject body, Map<String, String> stored, boolean endpointChanged) {
        ConnectionValidator.Definition d = validator.validate(body, stored, endpointChanged);
        c.define(d.channel(), d.provider(), d.settings().toString(), cipher.seal(d.secrets(), c.name(), d.provider()),
                clock.instant());
    }
}
