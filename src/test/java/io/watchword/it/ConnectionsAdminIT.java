package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import io.watchword.channel.provider.TestKeys;
import io.watchword.platform.Jws;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URL;
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
 * The connections admin API (contract §3) in WildFly: status codes, validation that names
 * every field at fault, write-only secrets that are encrypted in the table, the test endpoint
 * against a local Twilio, deletion guarded by the journeys that use a connection, the outbox.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionsAdminIT {

    static final int HTTP_PORT = Deployments.port(3041);
    static final String ACCOUNT = "AC00000000000000000000000000000001";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

    static FakeHttpServer twilio;

    @ArquillianResource
    URL url;

    Api api;

    /** The built WAR plus a test-only servlet that dumps ww_connection as stored. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClass(RawTableServlet.class);
    }

    @BeforeAll
    static void peers() throws Exception {
        twilio = new FakeHttpServer(HTTP_PORT);
    }

    @AfterAll
    static void stopPeers() {
        twilio.close();
    }

    @BeforeEach
    void client() {
        api = new Api(url);
        twilio.reset();
    }

    @Test
    void postCreates201WithLocationAndMaskedSecretsAndASecondPostIsAConflict() {
        String name = unique("twilio");
        Api.Answer created = api.admin("POST", "/connections", twilioConnection(name, "first-auth-token-0001"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/admin/connections/" + name);
        JsonObject body = created.json();
        assertThat(body.getString("name")).isEqualTo(name);
        assertThat(body.getString("channel")).isEqualTo("sms");
        assertThat(body.getString("provider")).isEqualTo("twilio");
        assertThat(body.getJsonObject("settings").getString("accountSid")).isEqualTo(ACCOUNT);
        assertThat(body.getJsonObject("secrets").getString("authToken")).isEqualTo("***");
        assertThat(created.body()).doesNotContain("first-auth-token-0001");

        Api.Answer again = api.admin("POST", "/connections", twilioConnection(name, "another-token-0002"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(api.admin("GET", "/connections/" + name, null).json().getJsonObject("settings")
                .getString("from")).isEqualTo("+15550001111");
    }

    @Test
    void invalidConnectionIsRefusedNamingEveryFieldAtFaultAndNothingIsStored() {
        JsonObject smtp = Json.createObjectBuilder().add("name", "it-bad-smtp").add("channel", "email")
                .add("provider", "smtp").add("settings", Json.createObjectBuilder().add("port", "twenty-five")
                        .add("fromAddress", "not an address").add("security", "sometimes")
                        .add("timeoutMillis", -5))
                .add("secrets", Json.createObjectBuilder().add("apiKey", "x")).build();
        Api.Answer a = api.admin("POST", "/connections", smtp);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(fields(a)).contains("settings.host", "settings.port", "settings.fromAddress", "settings.security",
                "settings.timeoutMillis", "secrets.apiKey");
        assertThat(api.admin("GET", "/connections/it-bad-smtp", null).status()).isEqualTo(404);

        JsonObject twilioWithoutSecret = Json.createObjectBuilder().add("name", "it-bad-twilio").add("channel", "sms")
                .add("provider", "twilio").add("settings", Json.createObjectBuilder()).build();
        assertThat(fields(api.admin("POST", "/connections", twilioWithoutSecret)))
                .contains("settings.accountSid", "settings.from", "secrets.authToken");

        JsonObject nothing = Json.createObjectBuilder().add("name", "bad name!").add("channel", "fax")
                .add("provider", "pigeon").add("settings", "not an object").build();
        assertThat(fields(api.admin("POST", "/connections", nothing))).contains("name", "channel", "provider", "settings");

        JsonObject apnsBadKey = Json.createObjectBuilder().add("name", "it-bad-apns").add("channel", "push")
                .add("provider", "apns").add("settings", Json.createObjectBuilder().add("teamId", "T").add("keyId", "K")
                        .add("topic", "t").add("environment", "staging").add("baseUrl", "ftp://x"))
                .add("secrets", Json.createObjectBuilder().add("privateKey", "-----BEGIN NONSENSE-----")).build();
        assertThat(fields(api.admin("POST", "/connections", apnsBadKey)))
                .contains("settings.environment", "settings.baseUrl", "secrets.privateKey");

        // Header values with CR/LF would add headers of their own: refused at save.
        JsonObject injecting = Json.createObjectBuilder().add("name", "it-bad-ws").add("channel", "sms")
                .add("provider", "sms_webservice").add("settings", Json.createObjectBuilder()
                        .add("url", "http://127.0.0.1:1/sms").add("bodyTemplate", "${to}")
                        .add("headers", Json.createObjectBuilder().add("X-Tenant", "acme\r\nX-Evil: 1")))
                .add("secrets", Json.createObjectBuilder().add("authorization", "Key k\nX-Evil: 2")).build();
        assertThat(fields(api.admin("PUT", "/connections/it-bad-ws", injecting)))
                .containsExactlyInAnyOrder("settings.headers.X-Tenant", "secrets.authorization");
        JsonObject smtpFrom = Json.createObjectBuilder().add("name", "it-bad-from").add("channel", "email")
                .add("provider", "smtp").add("settings", Json.createObjectBuilder().add("host", "h").add("port", 25)
                        .add("fromAddress", "a@b.test\r\nBcc: evil@example.com")).build();
        assertThat(fields(api.admin("PUT", "/connections/it-bad-from", smtpFrom))).containsExactly("settings.fromAddress");
    }

    @Test
    void providerThatDoesNotServeTheChannelIsRefused() {
        JsonObject smsOverSmtp = Json.createObjectBuilder().add("name", "it-sms-smtp").add("channel", "sms")
                .add("provider", "smtp").add("settings", Json.createObjectBuilder().add("host", "h").add("port", 25)
                        .add("fromAddress", "a@b.test")).build();
        Api.Answer a = api.admin("POST", "/connections", smsOverSmtp);
        assertThat(a.status()).isEqualTo(400);
        assertThat(fields(a)).contains("provider");
        JsonObject pushOverTwilio = Json.createObjectBuilder(twilioConnection("it-push-twilio", "token-abcdef"))
                .add("channel", "push").build();
        assertThat(fields(api.admin("PUT", "/connections/it-push-twilio", pushOverTwilio))).contains("provider");
    }

    @Test
    void putCreates201ThenReplaces200AndABodyNameOtherThanThePathsIs400() {
        String name = unique("put");
        Api.Answer created = api.admin("PUT", "/connections/" + name, twilioConnection(name, "put-token-000001"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/admin/connections/" + name);

        JsonObject changed = Json.createObjectBuilder(twilioConnection(name, "put-token-000001"))
                .add("settings", Json.createObjectBuilder().add("accountSid", ACCOUNT).add("from", "+15550002222")
                        .add("baseUrl", twilioUrl())).build();
        Api.Answer replaced = api.admin("PUT", "/connections/" + name, changed);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().getJsonObject("settings").getString("from")).isEqualTo("+15550002222");

        Api.Answer mismatch = api.admin("PUT", "/connections/" + name, twilioConnection("someone-else", "t-000001"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(fields(mismatch)).containsExactly("name");
        assertThat(api.admin("GET", "/connections/someone-else", null).status()).isEqualTo(404);
    }

    @Test
    void putWithTheSecretOmittedOrMaskedKeepsTheStoredValue() {
        String name = unique("keep");
        twilio.on(MESSAGES, Response.json(201, "{\"sid\":\"SMkeep\",\"status\":\"queued\"}"));
        assertThat(api.admin("PUT", "/connections/" + name, twilioConnection(name, "kept-token-111111")).status())
                .isEqualTo(201);

        JsonObject omitted = Json.createObjectBuilder(twilioConnection(name, "x")).remove("secrets").build();
        assertThat(api.admin("PUT", "/connections/" + name, omitted).status()).isEqualTo(200);
        testSend(name, 200);
        JsonObject masked = twilioConnection(name, "***");
        assertThat(api.admin("PUT", "/connections/" + name, masked).status()).isEqualTo(200);
        testSend(name, 200);
        assertThat(twilio.requests(MESSAGES)).extracting(r -> r.header("Authorization"))
                .containsOnly(Api.basic(ACCOUNT + ":kept-token-111111")).hasSize(2);

        assertThat(api.admin("PUT", "/connections/" + name, twilioConnection(name, "new-token-222222")).status())
                .isEqualTo(200);
        testSend(name, 200);
        assertThat(twilio.requests(MESSAGES).get(2).header("Authorization"))
                .isEqualTo(Api.basic(ACCOUNT + ":new-token-222222"));

        // "***" for a secret never stored keeps nothing: refused rather than stored as "***".
        JsonObject maskedNew = Json.createObjectBuilder().add("name", unique("mask")).add("channel", "sms")
                .add("provider", "twilio").add("settings", Json.createObjectBuilder().add("accountSid", ACCOUNT)
                        .add("from", "+15550001111"))
                .add("secrets", Json.createObjectBuilder().add("authToken", "***")).build();
        assertThat(fields(api.admin("POST", "/connections", maskedNew))).contains("secrets.authToken");
    }

    @Test
    void secretsAppearInNoResponseAndNotInClearInTheTable() throws Exception {
        String pem = Jws.pem(TestKeys.ecP256().getPrivate());
        String pemLine = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        String serviceAccount = Json.createObjectBuilder().add("client_email", "w@p.iam.gserviceaccount.com")
                .add("private_key", Jws.pem(TestKeys.rsa().getPrivate())).build().toString();
        List<String> secrets = List.of("smtp-password-AAAA1111", "ws-authorization-BBBB2222", "twilio-token-CCCC3333",
                pemLine, "w@p.iam.gserviceaccount.com");
        String suffix = unique("");
        List<JsonObject> connections = List.of(
                connection("it-s-smtp" + suffix, "email", "smtp", Json.createObjectBuilder().add("host", "127.0.0.1")
                        .add("port", 2525).add("fromAddress", "a@b.test").add("username", "u"),
                        Json.createObjectBuilder().add("password", secrets.get(0))),
                connection("it-s-ws" + suffix, "email", "email_webservice", Json.createObjectBuilder()
                        .add("url", "http://127.0.0.1:1/x").add("bodyTemplate", "${to}"),
                        Json.createObjectBuilder().add("authorization", secrets.get(1))),
                twilioConnection("it-s-twilio" + suffix, secrets.get(2)),
                connection("it-s-apns" + suffix, "push", "apns", Json.createObjectBuilder().add("teamId", "T")
                        .add("keyId", "K").add("topic", "t"), Json.createObjectBuilder().add("privateKey", pem)),
                connection("it-s-fcm" + suffix, "push", "fcm", Json.createObjectBuilder().add("projectId", "p"),
                        Json.createObjectBuilder().add("serviceAccountJson", serviceAccount)));
        StringBuilder responses = new StringBuilder();
        for (JsonObject c : connections) {
            String name = c.getString("name");
            Api.Answer post = api.admin("POST", "/connections", c);
            assertThat(post.status()).as(post.body()).isEqualTo(201);
            post.json().getJsonObject("secrets").values().forEach(v -> assertThat(v.toString()).isEqualTo("\"***\""));
            responses.append(post.body());
            responses.append(api.admin("PUT", "/connections/" + name, c).body());
            responses.append(api.admin("GET", "/connections/" + name, null).body());
        }
        responses.append(api.admin("GET", "/connections", null).body());

        Api.Answer raw = api.send("GET", "/it/raw/ww_connection", null, null, null);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).contains("it-s-fcm" + suffix).contains("v2:");
        for (String secret : secrets) {
            assertThat(responses).doesNotContain(secret);
            assertThat(raw.body()).doesNotContain(secret);
        }
        assertThat(raw.body()).doesNotContain("BEGIN PRIVATE KEY");
    }

    @Test
    void testEndpointAnswers200WithTheProviderStatusOr502WithTheProvidersAnswer() {
        String name = unique("test");
        api.admin("PUT", "/connections/" + name, twilioConnection(name, "test-token-333333"));
        twilio.on(MESSAGES, Response.json(201, "{\"sid\":\"SM42\",\"status\":\"queued\"}"));
        JsonObject ok = testSend(name, 200).json();
        assertThat(ok.getBoolean("delivered")).isTrue();
        assertThat(ok.getJsonObject("providerStatus").getString("sid")).isEqualTo("SM42");
        assertThat(twilio.requests(MESSAGES).get(0).body()).contains("To=%2B15551234567");

        twilio.on(MESSAGES, Response.json(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}"));
        Api.Answer refused = testSend(name, 502);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().getInt("status")).isEqualTo(502);
        assertThat(refused.body()).contains("Twilio error 20003: Authenticate").doesNotContain("test-token-333333");

        assertThat(api.admin("POST", "/connections/" + name + "/test", Json.createObjectBuilder().build()).status())
                .isEqualTo(400);
        assertThat(api.admin("POST", "/connections/no-such-connection/test", Api.obj("to", "+15551234567")).status())
                .isEqualTo(404);
        Api.Answer notAPhone = api.admin("POST", "/connections/" + name + "/test", Api.obj("to", "not a phone"));
        assertThat(fields(notAPhone)).containsExactly("to");
        assertThat(twilio.requests(MESSAGES)).hasSize(2);
    }

    @Test
    void deletingAConnectionAStoredJourneyUsesIsAConflictNamingTheJourney() {
        String name = unique("del");
        api.admin("PUT", "/connections/" + name, twilioConnection(name, "delete-token-4444"));
        String journey = "it_uses_" + name.replace('-', '_');
        Api.Answer stored = api.admin("PUT", "/journeys/" + journey, Journeys.otp(journey, "sms",
                Json.createObjectBuilder().add("connection", name).add("recipient", "identify.to")
                        .add("message", "${otp}")));
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);

        Api.Answer inUse = api.admin("DELETE", "/connections/" + name, null);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().getString("detail")).contains(journey);
        assertThat(api.admin("GET", "/connections/" + name, null).status()).isEqualTo(200);

        assertThat(api.admin("DELETE", "/journeys/" + journey, null).status()).isEqualTo(204);
        assertThat(api.admin("DELETE", "/connections/" + name, null).status()).isEqualTo(204);
        assertThat(api.admin("GET", "/connections/" + name, null).status()).isEqualTo(404);
        assertThat(api.admin("DELETE", "/connections/" + name, null).status()).isEqualTo(404);
    }

    @Test
    void outboxListsWhatWasSentNewestFirstFilteredByRecipient() {
        String name = unique("outbox");
        assertThat(api.admin("PUT", "/connections/" + name, connection(name, "sms", "outbox",
                Json.createObjectBuilder(), null)).status()).isEqualTo(201);
        String journey = "it_outbox_" + name.replace('-', '_');
        api.admin("PUT", "/journeys/" + journey, Journeys.otp(journey, "sms", Json.createObjectBuilder()
                .add("connection", name).add("recipient", "identify.to").add("message", "Code ${otp}")));
        String phone = "+4915112345" + (100 + (int) (Math.random() * 900));

        Journeys.untilOtp(api, journey, unique("ob"), phone);
        JsonArray first = outbox("?to=" + encoded(phone) + "&limit=1");
        assertThat(first).hasSize(1);
        JsonObject m = first.getJsonObject(0);
        assertThat(m.getString("to")).isEqualTo(phone);
        assertThat(m.getString("channel")).isEqualTo("sms");
        assertThat(m.containsKey("subject")).isFalse();
        assertThat(m.getString("sentAt")).endsWith("Z");
        Journeys.untilOtp(api, journey, unique("ob"), phone);
        JsonArray second = outbox("?to=" + encoded(phone) + "&limit=1");

        JsonArray both = outbox("?to=" + encoded(phone));
        assertThat(both).hasSize(2);
        assertThat(both.getJsonObject(0).getString("text")).isEqualTo(second.getJsonObject(0).getString("text"));
        assertThat(both.getJsonObject(1).getString("text")).isEqualTo(m.getString("text"));
        assertThat(outbox("?to=" + encoded(phone + "0"))).isEmpty();

        assertThat(api.admin("GET", "/outbox?limit=201", null).status()).isEqualTo(400);
        assertThat(api.admin("GET", "/outbox?limit=0", null).status()).isEqualTo(400);
        assertThat(outbox("?limit=200").size()).isLessThanOrEqualTo(200);
        assertThat(outbox("").size()).isLessThanOrEqualTo(20);
        assertThat(api.send("GET", "/api/admin/outbox", null, null, null).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- helpers

    private Api.Answer testSend(String name, int expected) {
        Api.Answer a = api.admin("POST", "/connections/" + name + "/test", Api.obj("to", "+15551234567"));
        assertThat(a.status()).as(a.body()).isEqualTo(expected);
        return a;
    }

    private JsonArray outbox(String query) {
        Api.Answer a = api.admin("GET", "/outbox" + query, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.structure().asJsonArray();
    }

    private static String encoded(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonObject twilioConnection(String name, String authToken) {
        return connection(name, "sms", "twilio", Json.createObjectBuilder().add("accountSid", ACCOUNT)
                .add("from", "+15550001111").add("baseUrl", twilioUrl()),
                Json.createObjectBuilder().add("authToken", authToken));
    }

    private static JsonObject connection(String name, String channel, String provider, JsonObjectBuilder settings,
                                         JsonObjectBuilder secrets) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("name", name).add("channel", channel)
                .add("provider", provider).add("settings", settings);
        if (secrets != null) {
            b.add("secrets", secrets);
        }
        return b.build();
    }

    private static String twilioUrl() {
        return "http://127.0.0.1:" + HTTP_PORT;
    }

    private static List<String> fields(Api.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        return a.json().getJsonArray("errors").stream().map(JsonValue::asJsonObject)
                .map(e -> e.getString("field")).toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
