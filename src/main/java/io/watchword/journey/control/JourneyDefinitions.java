package io.watchword.journey.control;

import io.watchword.journey.entity.Journey;
import io.watchword.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns stored journeys into the engine's model. Parsing the document on every request was a
 * top cost under load, so the parsed model is kept per journey id together with the exact text
 * it was parsed from: it is used only when the row just read holds that same text, so a PUT on
 * any node (or a delete and re-create) is seen at once — the cache cannot go stale. It holds one
 * entry per journey id.
 */
@ApplicationScoped
public class JourneyDefinitions {

    private record Parsed(String text, JourneyDefinition definition) {
    }

    private final ConcurrentMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    public JourneyDefinition of(Journey journey) {
        String text = journey.definition();
        Parsed p = parsed.get(journey.id());
        if (p != null && p.text().equals(text)) {
            return p.definition();
        }
        JourneyDefinition d = JourneyDefinition.of(JsonValues.parseObject(text));
        parsed.put(journey.id(), new Parsed(text, d));
        return d;
    }
}
