package io.watchword.it;

import static io.watchword.it.Journeys.lastEvent;
import static io.watchword.it.Journeys.untilOtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contract §11 on connections, attacked the way the review did: a PUT that points a
 * connection at another host while keeping its stored secret ("***" or omitted); a database
 * writer swapping the secrets of two connections; a provider whose answer a client must not
 * see. Two fake hosts: the provider and the attacker's.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionHardeningIT {

    static final int PROVIDER_PORT = Deployments.port(3062);
    static final int ATTACKER_PORT = Deployments.port(3063);

    static FakeHttpServer provider;
    static FakeHttpServer attacker;

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClasses(RawTableServlet.class, ConnectionRowsServlet.class);
    }

    @BeforeAll
    static void peers() throws Exception {
        provider = new FakeHttpServer(PROVIDER_PORT);
        attacker = new FakeHttpServer(ATTACKER_PORT);
    }

    @AfterAll
    static void stopPeers() {
        provider.close();
        attacker.close();
    }

    @BeforeEach
    void client() {
        api = new Api(url);
        provider.reset();
        attacker.reset();
        provider.on("/send", Response.json(200, "{\"ok\":true}"));
        attacker.on("/send", Response.json(200, "{\"ok\":true}"));
    }

    @Test
    void aPutToAnotherHostMustSendTheSecretAgainAndTheOldOneNeverGoesThere() {
        String name = unique("follow");
        put(name, webService(name, PROVIDER_PORT, "Bearer provider-secret-0001"), 201);

        for (JsonObject moved : List.of(webService(name, ATTACKER_PORT, "***"), webService(name, ATTACKER_PORT, null))) {
            Api.Answer refused = api.admin("PUT", "/connections/" + name, moved);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("secrets.authorization");
        }
        // Another provider on the same URL is another endpoint too.
        JsonObject otherProvider = Json.createObjectBuilder(webService(name, PROVIDER_PORT, "***"))
                .add("channel", "sms").add("provider", "sms_webservice").build();
        Api.Answer refused = api.admin("PUT", "/connections/" + name, otherProvider);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("secrets.authorization");

        testSend(name);
        assertThat(provider.requests("/send")).hasSize(1);
        assertThat(provider.requests("/send").get(0).header("Authorization")).isEqualTo("Bearer provider-secret-0001");
        assertThat(attacker.requests("/send")).as("requests the attacker's host received").isEmpty();

        // A change that keeps the endpoint keeps the secret; one that sends the secret again moves.
        JsonObject sameHost = Json.createObjectBuilder(webService(name, PROVIDER_PORT, "***"))
                .add("settings", Json.createObjectBuilder(webService(name, PROVIDER_PORT, "***").getJsonObject("settings"))
                        .add("timeoutMillis", 4000)).build();
        put(name, sameHost, 200);
        put(name, webService(name, ATTACKER_PORT, "Bearer for-the-new-host-2"), 200);
        testSend(name);
        assertThat(attacker.requests("/send")).hasSize(1);
        assertThat(attacker.requests("/send").get(0).header("Authorization")).isEqualTo("Bearer for-the-new-host-2");
    }

    @Test
    void secretsSwappedBetweenConnectionsInTheTableDoNotDecryptAndNothingIsSent() {
        String victim = unique("victim");
        String attackers = unique("attacker");
        put(victim, webService(victim, PROVIDER_PORT, "Bearer victim-secret-0001"), 201);
        put(attackers, webService(attackers, ATTACKER_PORT, "Bearer attacker-own-0002"), 201);

        Api.Answer swapped = api.send("POST", "/it/connection-rows?op=swap&a=" + victim + "&b=" + attackers, "",
                "application/x-www-form-urlencoded", null);
        assertThat(swapped.status()).as(swapped.body()).isEqualTo(200);
        assertThat(swapped.body().strip()).isEqualTo("2");

        // The attacker's connection now holds the victim's ciphertext: its test send must not deliver it.
        Api.Answer send = api.admin("POST", "/connections/" + attackers + "/test", Api.obj("to", "jane@example.com"));
        assertThat(send.status()).as(send.body()).isEqualTo(502);
        assertThat(send.json().getString("type")).endsWith(":provider_error");
        assertThat(attacker.requests("/send")).as("requests the attacker's host received").isEmpty();

        // The admin API reads the connection with a clear message, not a server error.
        Api.Answer read = api.admin("GET", "/connections/" + attackers, null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().getString("secretsError")).contains("cannot be decrypted");
        assertThat(api.admin("GET", "/connections", null).status()).isEqualTo(200);

        // A journey through the victim's connection fails its step, not the request.
        Api.Answer journey = api.admin("PUT", "/journeys/it_swap", Journeys.otp("it_swap", "email",
                Json.createObjectBuilder().add("connection", victim).add("recipients", "identify.to")
                        .add("subject", "Code").add("body", "Code: ${otp}")));
        assertThat(journey.status()).as(journey.body()).isIn(200, 201);
        JsonObject failed = untilOtp(api, "it_swap", unique("u"), "jane@example.com");
        assertThat(failed.getString("type")).as(failed.toString()).isEqualTo("journey_rejection");
        assertThat(failed.getJsonObject("errorData").getString("description")).startsWith("provider_error|");
        assertThat(provider.requests("/send")).isEmpty();

        // Sending the secret again repairs it.
        put(attackers, webService(attackers, ATTACKER_PORT, "Bearer attacker-own-0003"), 200);
        testSend(attackers);
        assertThat(attacker.requests("/send").get(0).header("Authorization")).isEqualTo("Bearer attacker-own-0003");
    }

    @Test
    void aClientSeesTheStatusNeverTheProvidersBodyWhileTheAdminSeesBoth() {
        String name = unique("echo");
        put(name, webService(name, PROVIDER_PORT, "Bearer echo-secret-00001"), 201);
        provider.on("/send", Response.json(500, "{\"internal\":\"db-password=hunter2 at 10.0.0.7\"}"));
        Api.Answer journey = api.admin("PUT", "/journeys/it_echo", Journeys.otp("it_echo", "email",
                Json.createObjectBuilder().add("connection", name).add("recipients", "identify.to")
                        .add("subject", "Code").add("body", "Code: ${otp}")));
        assertThat(journey.status()).as(journey.body()).isIn(200, 201);
        String user = unique("echo-user");
        JsonObject failed = untilOtp(api, "it_echo", user, "jane@example.com");
        assertThat(failed.toString()).doesNotContain("hunter2").doesNotContain("internal");
        assertThat(failed.getJsonObject("errorData").getString("description")).isEqualTo("provider_error|HTTP 500");

        JsonObject event = lastEvent(api, user, "otp.delivery_failed").getJsonObject("details");
        assertThat(event.getInt("status")).isEqualTo(500);
        assertThat(event.getString("providerAnswer")).contains("hunter2");
        Api.Answer adminTest = api.admin("POST", "/connections/" + name + "/test", Api.obj("to", "jane@example.com"));
        assertThat(adminTest.status()).isEqualTo(502);
        assertThat(adminTest.body()).contains("hunter2");
    }

    private void testSend(String name) {
        Api.Answer a = api.admin("POST", "/connections/" + name + "/test", Api.obj("to", "jane@example.com"));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    private void put(String name, JsonObject body, int status) {
        Api.Answer a = api.admin("PUT", "/connections/" + name, body);
        assertThat(a.status()).as(a.body()).isEqualTo(status);
    }

    private static JsonObject webService(String name, int port, String authorization) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("name", name).add("channel", "email")
                .add("provider", "email_webservice")
                .add("settings", Json.createObjectBuilder().add("url", "http://127.0.0.1:" + port + "/send")
                        .add("bodyTemplate", "${to} ${text}"));
        if (authorization != null) {
            b.add("secrets", Json.createObjectBuilder().add("authorization", authorization));
        }
        return b.build();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
