package io.watchword.journey.control;

import io.watchword.journey.entity.Flow;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;

/** Journeys and flows for plain tests, without a container. */
final class Flows {

    static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");

    private Flows() {
    }

    /** JSON with single quotes, for readable test documents. */
    static JsonObject json(String singleQuoted) {
        return Json.createReader(new StringReader(singleQuoted.replace('\'', '"'))).readObject();
    }

    static JourneyDefinition journey(String stepsSingleQuoted) {
        return JourneyDefinition.of(json("{'id':'j','start':'first','steps':" + stepsSingleQuoted + "}"));
    }

    static FlowRun run(JourneyDefinition journey, String paramsJson) {
        Flow flow = new Flow("flow-0001", journey.id(), paramsJson, NOW, NOW.plusSeconds(900));
        return new FlowRun(flow, journey, NOW, "http://localhost:8080/watchword");
    }

    static FlowRun run(JourneyDefinition journey) {
        return run(journey, null);
    }

    static FlowRun authenticated(JourneyDefinition journey, String userId, String paramsJson) {
        FlowRun run = run(journey, paramsJson);
        run.authenticate(Map.of("user_id", userId, "channel", "sms", "authenticated_at", "2026-11-25T18:00:00Z"));
        return run;
    }
}
