package io.watchword.journey.control;

import io.watchword.journey.entity.Journey;
import io.watchword.platform.FieldError;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Stores journey definitions (contract §2, §3), validated before they are stored. */
@Stateless
public class JourneyRepository {

    /** The width of ww_journey.id. */
    static final int MAX_ID_LENGTH = 100;

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    JourneyValidator validator;

    @Inject
    Clock clock;

    public List<Journey> list() {
        return em.createQuery("select j from Journey j order by j.id", Journey.class).getResultList();
    }

    public Journey find(String id) {
        return id == null ? null : em.find(Journey.class, id);
    }

    public Journey get(String id) {
        Journey j = find(id);
        if (j == null) {
            throw ProblemException.notFound("There is no journey '" + id + "'.");
        }
        return j;
    }

    /** Replaces or creates the journey; returns whether it was created. */
    public boolean put(String id, JsonObject definition) {
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("id", "must be at most " + MAX_ID_LENGTH + " characters, without control characters");
        }
        JsonValue bodyId = definition.get("id");
        boolean absent = bodyId == null || bodyId == JsonValue.NULL;
        if (!absent && !(bodyId instanceof JsonString s && s.getString().equals(id))) {
            throw ProblemException.invalid("id", "must equal the id in the path ('" + id + "')");
        }
        if (absent) {
            definition = jakarta.json.Json.createObjectBuilder(definition).add("id", id).build();
        }
        List<FieldError> errors = new ArrayList<>(validator.validate(definition));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The journey is not valid.", errors);
        }
        Journey existing = em.find(Journey.class, id);
        if (existing == null) {
            em.persist(new Journey(id, definition.toString(), clock.instant()));
            return true;
        }
        existing.replace(definition.toString(), clock.instant());
        return false;
    }

    /** Stores an example journey unless one of that id exists (start-up seeding). */
    public boolean putIfAbsent(JsonObject definition) {
        String id = JsonValues.string(definition, "id");
        if (em.find(Journey.class, id) != null) {
            return false;
        }
        put(id, definition);
        return true;
    }

    public void delete(String id) {
        em.remove(get(id));
    }

    /** Ids of the stored journeys with a step that names the connection. */
    public List<String> journeysUsingConnection(String connection) {
        List<String> ids = new ArrayList<>();
        for (Journey j : list()) {
            JsonObject steps = JsonValues.parseObject(j.definition()).getJsonObject("steps");
            boolean uses = steps != null && steps.values().stream()
                    .filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT)
                    .map(JsonValue::asJsonObject)
                    .flatMap(s -> s.values().stream())
                    .filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT)
                    .anyMatch(v -> OtpSends.connectionNames(v.asJsonObject()).contains(connection));
            if (uses) {
                ids.add(j.id());
            }
        }
        return ids;
    }
}
