package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.cluster.WildFlyNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code watchword.log.json=true} on a WildFly of its own (the managed Arquillian server's
 * output is not ours to read): one email journey, then the server's standard output holds
 * Watchword's lines as JSON objects with event type and flow id, and neither the passcode nor
 * the recipient appears anywhere in the output or the server log.
 */
class JsonLogIT {

    static final int OFFSET = Integer.getInteger("watchword.test.port-offset", 0) + 20;
    static WildFlyNode node;
    static Api api;

    @BeforeAll
    static void serverWithJsonLogs() throws Exception {
        node = new WildFlyNode("json-log", Path.of(System.getProperty("jboss.home")), Path.of("target/json-log-node"), OFFSET);
        node.prepare(Path.of(System.getProperty("watchword.war", "target/watchword.war")));
        // The suite's relaxed start limit too: on the PostgreSQL run this node shares the suite's
        // database, whose per-IP start counter the suite has just filled (a 429 was seen in CI).
        node.start(Map.of(), List.of("-Dwatchword.log.json=true", "-Dwatchword.outbox.enabled=true",
                "-Dwatchword.token.issuer=https://login.example.test/watchword",
                "-Dwatchword.ratelimit.start-per-ip=100000/PT1M", "-Dwatchword.ratelimit.sends-per-recipient=100000/PT1M",
                "-Dwatchword.ratelimit.sends-per-user=100000/PT1M"));
        node.awaitDeployed(Duration.ofMinutes(4));
        api = new Api(node.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.killHard();
        }
    }

    @Test
    void watchwordsLinesAreJsonWithEventAndFlowIdAndNoPasscodeOrRecipient() throws Exception {
        OperationsIT.outboxJourney(api);
        String user = "json" + System.nanoTime() + "@example.com";
        Api.Answer started = api.start(OperationsIT.JOURNEY, null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        JsonObject form = started.json();
        String flowId = form.getString("flowId");
        JsonObject otp = api.respond(form, "client_input", Api.obj("email", user)).json();
        String passcode = OperationsIT.passcodeFor(api, user);
        assertThat(api.passcode(otp, passcode).json().getString("type")).isEqualTo("journey_success");

        List<JsonObject> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String console;
        do {
            Thread.sleep(250);
            console = Files.readString(node.consoleLog());
            events.clear();
            for (String raw : console.split("\n")) {
                // the server's colour console ends its own lines with an ANSI reset that lands before ours
                String line = raw.replaceAll("\u001B\\[[0-9;]*m", "");
                if (line.startsWith("{")) {
                    JsonObject o = parse(line);
                    if (flowId.equals(o.getString("flowId", null))) {
                        events.add(o);
                    }
                }
            }
        } while (events.size() < 2 && System.nanoTime() < deadline);

        assertThat(events).extracting(o -> o.getString("event")).containsExactly("otp.sent", "otp.verified");
        JsonObject sent = events.get(0);
        assertThat(sent.getString("logger")).startsWith("io.watchword");
        assertThat(sent.getString("level")).isEqualTo("INFO");
        assertThat(sent.getString("channel")).isEqualTo("email");
        assertThat(sent.getString("connection")).isEqualTo(OperationsIT.CONNECTION);
        assertThat(sent.getString("timestamp")).endsWith("Z");
        assertThat(console).contains("\"message\":\"Watchword logs JSON lines to standard output (watchword.log.json=true)\"");

        String serverLog = Files.readString(node.serverLog());
        for (String text : List.of(console, serverLog)) {
            assertThat(text).doesNotContain(passcode).doesNotContain(user).doesNotContain(user.substring(1));
            // none of Watchword's lines took the server's text format
            assertThat(text).doesNotContainPattern("\\[io\\.watchword[.\\]]");
        }
    }

    static JsonObject parse(String line) {
        try {
            return Json.createReader(new StringReader(line)).readObject();
        } catch (JsonParsingException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
