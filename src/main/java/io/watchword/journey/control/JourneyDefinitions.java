package io.watchword.journey.control;

import io.watchword.journey.entity.Journey;
import io.watchword.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns stored journeys into the engine's model. */
@ApplicationScoped
public class JourneyDefinitions {

    public JourneyDefinition of(Journey journey) {
        return JourneyDefinition.of(JsonValues.parseObject(journey.definition()));
    }
}
