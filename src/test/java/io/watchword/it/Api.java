package io.watchword.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A client of Watchword's HTTP API for the tests, speaking exactly the contract. */
public final class Api {

    public static final String ADMIN = "admin:watchword-dev";
    public static final String GUEST = "guest:watchword-guest";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public Api(URL deployment) {
        String b = deployment.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    public String base() {
        return base;
    }

    /** An answer: status, headers, body as JSON when it is JSON. */
    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        public JsonStructure structure() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.read();
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public Answer send(String method, String path, String body, String contentType, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    public Answer admin(String method, String path, JsonValue body) {
        return send(method, "/api/admin" + path, body == null ? null : body.toString(),
                body == null ? null : "application/json", basic(ADMIN));
    }

    public Answer start(String journeyId, JsonObject body) {
        return send("POST", "/api/journeys/" + journeyId + "/start", body == null ? null : body.toString(),
                body == null ? null : "application/json", null);
    }

    public Answer respond(JsonObject previous, String option, JsonObject data) {
        return respond(previous.getString("flowId"), previous.getString("interactionToken"), option, data);
    }

    public Answer respond(String flowId, String token, String option, JsonObject data) {
        var body = Json.createObjectBuilder().add("option", option);
        if (data != null) {
            body.add("data", data);
        }
        return send("POST", "/api/flows/" + flowId + "/responses", body.build().toString(), "application/json",
                token == null ? null : "Bearer " + token);
    }

    public Answer passcode(JsonObject previous, String code) {
        return respond(previous, "client_input", Json.createObjectBuilder().add("passcode", code).build());
    }

    public static JsonObject obj(String key, String value) {
        return Json.createObjectBuilder().add(key, value).build();
    }
}
