package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.watchword.ops.OpenApiDocumentTest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contract §9 in a real server: health, metrics and the OpenAPI document. The metric test
 * walks one email journey through the outbox and scrapes before and after every step: each
 * counter of the step moves by exactly one, and nothing else it names moves.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

    static final String JOURNEY = "ops_metrics_email";
    static final String CONNECTION = "ops-outbox";
    static final AtomicLong USERS = new AtomicLong(System.currentTimeMillis());

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @BeforeEach
    void journeyThroughTheOutbox() {
        api = new Api(url);
        outboxJourney(api);
    }

    /** Stores the connection {@value #CONNECTION} (outbox) and the email journey {@value #JOURNEY} that uses it. */
    static void outboxJourney(Api api) {
        JsonObject conn = Json.createObjectBuilder().add("name", CONNECTION).add("channel", "email").add("provider", "outbox").build();
        assertThat(api.admin("PUT", "/connections/" + CONNECTION, conn).status()).isIn(200, 201);
        JsonObject journey = Json.createReader(new StringReader("""
            {"id": "%s", "start": "identify",
             "steps": {
               "identify": {"type": "form", "formId": "identify", "schema": {"email": {"type": "string", "required": true}},
                            "output": "identify", "next": "otp"},
               "otp": {"type": "generic_otp_authentication", "externalUserId": "identify.email", "channel": "email",
                       "email": {"connection": "%s", "recipients": "identify.email", "subject": "Code", "body": "Your code is ${otp}."},
                       "errorOutputVariable": "otpError", "failureBehavior": "failure_branch", "next": "done", "onFailure": "failed"},
               "done": {"type": "complete"},
               "failed": {"type": "reject", "reason": "${otpError.message}"}}}
            """.formatted(JOURNEY, CONNECTION))).readObject();
        assertThat(api.admin("PUT", "/journeys/" + JOURNEY, journey).status()).isIn(200, 201);
    }

    // --- health -------------------------------------------------------------------------

    @Test
    void healthIsUpWithoutCredentialsInMicroProfileHealthsShape() {
        Api.Answer a = api.send("GET", "/api/health", null, null, null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.header("X-Watchword-Build")).isNotBlank().isNotEqualTo("unknown");
        JsonObject h = a.json();
        assertThat(h.getString("status")).isEqualTo("UP");
        Map<String, JsonObject> checks = new TreeMap<>();
        h.getJsonArray("checks").forEach(c -> checks.put(c.asJsonObject().getString("name"), c.asJsonObject()));
        assertThat(checks).containsOnlyKeys("database", "migrations", "signing-key");
        checks.values().forEach(c -> assertThat(c.getString("status")).as(c.getString("name")).isEqualTo("UP"));
        JsonObject migrations = checks.get("migrations").getJsonObject("data");
        assertThat(migrations.getString("current")).isEqualTo(migrations.getString("expected")).isEqualTo(newestMigration());
        assertThat(a.body()).doesNotContain("jdbc", "localhost", "127.0.0.1", "password");
    }

    /** The newest V<n>__ file this build ships. */
    static String newestMigration() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return String.valueOf(files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- metrics ------------------------------------------------------------------------

    @Test
    void metricsNeedTheAdminRole() {
        assertThat(api.send("GET", "/api/admin/metrics", null, null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/admin/metrics", null, null, Api.basic(Api.GUEST)).status()).isEqualTo(403);
        Api.Answer a = api.send("GET", "/api/admin/metrics", null, null, Api.basic(Api.ADMIN));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain").contains("version=0.0.4");
    }

    @Test
    void eachJourneyStepMovesItsCountersByExactlyOne() {
        String user = "ops" + USERS.incrementAndGet() + "@example.com";
        Map<String, String> email = Map.of("channel", "email");
        Map<String, String> via = Map.of("connection", CONNECTION, "provider", "outbox");
        Map<String, String> sentLabels = Map.of("channel", "email", "connection", CONNECTION, "provider", "outbox");
        Map<String, String> success = Map.of("journey", JOURNEY, "outcome", "success");

        Scrape s0 = scrape();
        JsonObject form = api.start(JOURNEY, null).json();
        Scrape s1 = scrape();
        assertThat(s1.value("watchword_otp_sent_total", sentLabels)).isEqualTo(s0.value("watchword_otp_sent_total", sentLabels));
        assertThat(s1.value("watchword_journeys_total", success)).isEqualTo(s0.value("watchword_journeys_total", success));

        JsonObject otp = api.respond(form, "client_input", Api.obj("email", user)).json();
        assertThat(otp.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        Scrape s2 = scrape();
        assertThat(s2.value("watchword_otp_sent_total", sentLabels) - s1.value("watchword_otp_sent_total", sentLabels)).isEqualTo(1);
        assertThat(s2.value("watchword_delivery_seconds_count", via) - s1.value("watchword_delivery_seconds_count", via)).isEqualTo(1);
        assertThat(s2.value("watchword_delivery_seconds_bucket", Map.of("connection", CONNECTION, "provider", "outbox", "le", "+Inf"))
                - s1.value("watchword_delivery_seconds_bucket", Map.of("connection", CONNECTION, "provider", "outbox", "le", "+Inf"))).isEqualTo(1);
        assertThat(s2.value("watchword_connection_open", Map.of("connection", CONNECTION))).isEqualTo(0);
        assertThat(s2.value("watchword_otp_verified_total", email)).isEqualTo(s1.value("watchword_otp_verified_total", email));

        Api.Answer done = api.passcode(otp, passcodeFor(user));
        assertThat(done.json().getString("type")).isEqualTo("journey_success");
        Scrape s3 = scrape();
        assertThat(s3.value("watchword_otp_verified_total", email) - s2.value("watchword_otp_verified_total", email)).isEqualTo(1);
        assertThat(s3.value("watchword_journeys_total", success) - s2.value("watchword_journeys_total", success)).isEqualTo(1);
        assertThat(s3.value("watchword_otp_sent_total", sentLabels)).isEqualTo(s2.value("watchword_otp_sent_total", sentLabels));
        assertThat(s3.body).doesNotContain(user);
    }

    @Test
    void aFailedStepCountsItsCodeAndTheJourneysRejection() {
        Map<String, String> failed = Map.of("channel", "email", "code", "invalid_recipient");
        Map<String, String> rejected = Map.of("journey", JOURNEY, "outcome", "rejected");
        JsonObject form = api.start(JOURNEY, null).json();
        Scrape before = scrape();
        JsonObject end = api.respond(form, "client_input", Api.obj("email", "not-an-address")).json();
        assertThat(end.getString("type")).isEqualTo("journey_rejection");
        Scrape after = scrape();
        assertThat(after.value("watchword_otp_failed_total", failed) - before.value("watchword_otp_failed_total", failed)).isEqualTo(1);
        assertThat(after.value("watchword_journeys_total", rejected) - before.value("watchword_journeys_total", rejected)).isEqualTo(1);
    }

    @Test
    void aProviderThatDoesNotAnswerCountsADeliveryFailureByReasonClass() {
        String name = "ops-unreachable";
        JsonObject conn = Json.createObjectBuilder().add("name", name).add("channel", "sms").add("provider", "sms_webservice")
                .add("settings", Json.createObjectBuilder().add("url", "http://127.0.0.1:" + Deployments.port(9) + "/sms")
                        .add("bodyTemplate", "{\"to\":\"${to}\",\"text\":\"${text}\"}")
                        .add("headers", Json.createObjectBuilder().add("Content-Type", "application/json"))
                        .add("timeoutMillis", 2000)).build();
        assertThat(api.admin("PUT", "/connections/" + name, conn).status()).isIn(200, 201);
        Map<String, String> labels = Map.of("connection", name, "provider", "sms_webservice", "reason", "unreachable");
        Scrape before = scrape();
        Api.Answer test = api.admin("POST", "/connections/" + name + "/test", Api.obj("to", "+15551234567"));
        assertThat(test.status()).isEqualTo(502);
        Scrape after = scrape();
        assertThat(after.value("watchword_delivery_failures_total", labels) - before.value("watchword_delivery_failures_total", labels)).isEqualTo(1);
        assertThat(after.body).doesNotContain("15551234567");
    }

    String passcodeFor(String to) {
        return passcodeFor(api, to);
    }

    /** The passcode of the newest outbox message to {@code to}. */
    static String passcodeFor(Api api, String to) {
        JsonArray box = api.admin("GET", "/outbox?limit=1&to=" + to, null).structure().asJsonArray();
        assertThat(box).hasSize(1);
        Matcher m = Pattern.compile("(\\d{6})").matcher(box.getJsonObject(0).getString("text"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    Scrape scrape() {
        Api.Answer a = api.send("GET", "/api/admin/metrics", null, null, Api.basic(Api.ADMIN));
        assertThat(a.status()).isEqualTo(200);
        return new Scrape(a.body());
    }

    /** The samples of one Prometheus text exposition. */
    record Scrape(String body) {
        static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
        static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        /** The sample of {@code name} with exactly these labels; 0 when absent (a counter not yet counted). */
        double value(String name, Map<String, String> labels) {
            for (String line : body.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches() || !m.group(1).equals(name)) {
                    continue;
                }
                Map<String, String> found = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        found.put(l.group(1), l.group(2));
                    }
                }
                if (found.equals(new TreeMap<>(labels))) {
                    return Double.parseDouble(m.group(3));
                }
            }
            return 0;
        }
    }

    // --- OpenAPI ------------------------------------------------------------------------

    @Test
    void theServedOpenApiDocumentParsesAndHoldsEveryResourceMethod() {
        Api.Answer a = api.send("GET", "/api/openapi.json", null, null, null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        OpenAPI doc = OpenApiDocumentTest.parse(a.body());
        assertThat(OpenApiDocumentTest.missing(doc)).isEmpty();
        assertThat(a.json().getJsonObject("paths").keySet()).contains("/health", "/admin/metrics", "/openapi.json");
        assertThat(a.json().get("components")).isNotEqualTo(JsonValue.NULL);
    }
}
