package io.watchword.it;

import static io.watchword.it.Journeys.sixDigits;
import static io.watchword.it.Journeys.untilOtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
 * Contract §8 in WildFly, black box: a step's {@code connection} array is tried in order and
 * moves on only on failures another provider could fix (no answer, timeout, 429, 5xx); a wrong
 * recipient never moves on; when all fail the step fails with {@code provider_error} and the
 * attempts in order; a resend starts after the connection that delivered the last passcode;
 * a connection's circuit breaker opens after five consecutive failures, is skipped while open,
 * and one trial (or a successful test send) closes it.
 *
 * <p>Every connection is an {@code sms_webservice} (or {@code twilio}) on one local HTTP server,
 * each on a path of its own. The suite's server runs with
 * {@code watchword.delivery.breaker.open-for=PT3S} and a resend cooldown of {@code PT2S}
 * (arquillian.xml). Connections, journeys and users are new in every test: the server's
 * database outlives a run, and breaker state lives in it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeliveryIT {

    static final int HTTP_PORT = Deployments.port(3081);
    /** Nothing listens here: a provider that does not answer at all. */
    static final int CLOSED_PORT = Deployments.port(3082);
    /** The suite's {@code watchword.delivery.breaker.open-for}. */
    static final Duration OPEN_FOR = Duration.ofSeconds(3);
    /** Contract default of {@code watchword.delivery.breaker.failures}. */
    static final int BREAKER_FAILURES = 5;
    static final Duration PATIENCE = Duration.ofSeconds(15);

    static FakeHttpServer http;

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @BeforeAll
    static void peers() throws Exception {
        http = new FakeHttpServer(HTTP_PORT);
    }

    @AfterAll
    static void stopPeers() {
        http.close();
    }

    @BeforeEach
    void client() {
        api = new Api(url);
        http.reset();
    }

    // ---------------------------------------------------------------- failover

    @Test
    void failoverTriesConnectionsInOrderAndStopsAtTheFirstThatAccepts() {
        String a = unique("dlv-a");
        String b = unique("dlv-b");
        String c = unique("dlv-c");
        smsConnection(a);
        smsConnection(b);
        smsConnection(c);
        http.on(path(a), Response.json(503, "{\"error\":\"maintenance\"}"));
        http.on(path(b), Response.json(200, "{\"id\":\"msg-b-1\"}"));
        http.on(path(c), Response.json(200, "{\"id\":\"msg-c-1\"}"));
        String journey = journeyId("failover");
        journey(journey, false, a, b, c);

        String user = unique("dlv-user");
        JsonObject otp = untilOtp(api, journey, user, phone());
        assertWaiting(otp);

        assertThat(pathsTried(a, b, c)).as("requests in the order they reached the providers")
                .containsExactly(path(a), path(b));

        List<JsonObject> events = eventually("otp.sent and otp.delivery_failed of " + user, () -> events(user),
                e -> !ofType(e, "otp.sent").isEmpty() && !ofType(e, "otp.delivery_failed").isEmpty());
        List<JsonObject> failed = ofType(events, "otp.delivery_failed");
        assertThat(failed).as(events.toString()).hasSize(1);
        assertThat(failed.get(0).getJsonObject("details").getString("connection")).isEqualTo(a);
        assertThat(failed.get(0).getJsonObject("details").getString("provider")).isEqualTo("sms_webservice");
        assertThat(failed.get(0).getJsonObject("details").getInt("status")).isEqualTo(503);
        List<JsonObject> sent = ofType(events, "otp.sent");
        assertThat(sent).as(events.toString()).hasSize(1);
        assertThat(sent.get(0).getJsonObject("details").getString("connection")).isEqualTo(b);
        assertThat(sent.get(0).getJsonObject("details").getString("provider")).isEqualTo("sms_webservice");

        assertSuccess(api.passcode(otp, sixDigits(form(only(b).body()).get("text"))));
        assertThat(http.requests(path(c))).as("the connection after the one that delivered").isEmpty();
    }

    @Test
    void aTimeoutOrNoAnswerAtAllMovesOnToTheNextConnection() {
        String slow = unique("dlv-slow");
        String down = unique("dlv-down");
        String ok = unique("dlv-ok");
        smsConnection(slow, settings(path(slow)).add("timeoutMillis", 1000));
        put("/connections/" + down, connection(down, "sms_webservice",
                settingsAt("http://127.0.0.1:" + CLOSED_PORT + "/sms/" + down)));
        smsConnection(ok);
        http.on(path(slow), Response.slow(6000));
        String journey = journeyId("timeout");
        journey(journey, false, slow, down, ok);

        String user = unique("dlv-user");
        long t0 = System.nanoTime();
        JsonObject otp = untilOtp(api, journey, user, phone());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertWaiting(otp);
        assertThat(took).as("the step gave up on the slow provider after its timeoutMillis, not at its late answer")
                .isLessThan(Duration.ofMillis(5000));
        assertThat(http.requests(path(slow))).hasSize(1);
        assertThat(http.requests(path(ok))).hasSize(1);

        List<JsonObject> events = eventually("otp.sent and two otp.delivery_failed of " + user, () -> events(user),
                e -> !ofType(e, "otp.sent").isEmpty() && ofType(e, "otp.delivery_failed").size() >= 2);
        assertThat(ofType(events, "otp.delivery_failed")).extracting(e -> e.getJsonObject("details").getString("connection"))
                .containsExactlyInAnyOrder(slow, down);
        assertThat(ofType(events, "otp.sent")).singleElement()
                .satisfies(e -> assertThat(e.getJsonObject("details").getString("connection")).isEqualTo(ok));

        assertSuccess(api.passcode(otp, sixDigits(form(only(ok).body()).get("text"))));
    }

    @Test
    void anAnswerThatTheRecipientIsWrongNeverMovesOn() {
        String first = unique("dlv-tw1");
        String second = unique("dlv-tw2");
        String sid1 = "AC" + UUID.randomUUID().toString().replace("-", "");
        String sid2 = "AC" + UUID.randomUUID().toString().replace("-", "");
        twilioConnection(first, sid1);
        twilioConnection(second, sid2);
        http.on(messages(sid1), Response.json(400,
                "{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}"));
        http.on(messages(sid2), Response.json(201, "{\"sid\":\"SM2\",\"status\":\"queued\"}"));
        String journey = journeyId("badto");
        journey(journey, true, first, second);

        String user = unique("dlv-user");
        JsonObject rejected = untilOtp(api, journey, user, phone());
        assertThat(rejected.getString("type")).as(rejected.toString()).isEqualTo("journey_rejection");
        // Twilio's word on the number, as ChannelsIT expects it since contract §3: provider_error naming 21211.
        assertThat(rejected.getJsonObject("errorData").getString("errorCode")).as(rejected.toString())
                .isEqualTo("provider_error");
        assertThat(rejected.getJsonObject("errorData").getJsonObject("data").getString("reason")).contains("21211");
        assertThat(http.requests(messages(sid1))).hasSize(1);
        assertThat(http.requests(messages(sid2))).as("a wrong recipient is wrong for every provider").isEmpty();

        List<JsonObject> failed = ofType(eventually("otp.delivery_failed of " + user, () -> events(user),
                e -> !ofType(e, "otp.delivery_failed").isEmpty()), "otp.delivery_failed");
        assertThat(failed).extracting(e -> e.getJsonObject("details").getString("connection")).containsExactly(first);
        assertThat(ofType(events(user), "otp.sent")).isEmpty();
    }

    @Test
    void aClientErrorOtherThan429NeverMovesOnButA429Does() {
        String refusing = unique("dlv-400");
        String busy = unique("dlv-429");
        String ok = unique("dlv-ok");
        smsConnection(refusing);
        smsConnection(busy);
        smsConnection(ok);
        http.on(path(refusing), Response.json(400, "{\"error\":\"bad request\"}"));
        http.on(path(busy), new Response(429, "{\"error\":\"slow down\"}", 0,
                Map.of("Content-Type", "application/json", "Retry-After", "1")));

        String noMoveOn = journeyId("c400");
        journey(noMoveOn, true, refusing, ok);
        JsonObject rejected = untilOtp(api, noMoveOn, unique("dlv-user"), phone());
        assertThat(rejected.getString("type")).as(rejected.toString()).isEqualTo("journey_rejection");
        assertThat(rejected.getJsonObject("errorData").getString("errorCode")).isEqualTo("provider_error");
        assertThat(http.requests(path(refusing))).hasSize(1);
        assertThat(http.requests(path(ok))).as("a 400 is not a failure another provider could fix").isEmpty();

        String movesOn = journeyId("c429");
        journey(movesOn, false, busy, ok);
        String user = unique("dlv-user");
        JsonObject otp = untilOtp(api, movesOn, user, phone());
        assertWaiting(otp);
        assertThat(pathsTried(busy, ok)).containsExactly(path(busy), path(ok));
        assertSuccess(api.passcode(otp, sixDigits(form(only(ok).body()).get("text"))));
    }

    @Test
    void whenEveryConnectionFailsTheStepFailsWithProviderErrorListingTheAttemptsInOrder() {
        String a = unique("dlv-500");
        String b = unique("dlv-502");
        smsConnection(a);
        smsConnection(b);
        http.on(path(a), Response.json(500, "{\"error\":\"upstream-body-of-a-7f3e\"}"));
        http.on(path(b), new Response(502, "<html>upstream-body-of-b-9c1d</html>", 0, Map.of("Content-Type", "text/html")));
        String journey = journeyId("allfail");
        journey(journey, true, a, b);

        String user = unique("dlv-user");
        JsonObject rejected = untilOtp(api, journey, user, phone());
        assertThat(rejected.getString("type")).as(rejected.toString()).isEqualTo("journey_rejection");
        JsonObject error = rejected.getJsonObject("errorData");
        assertThat(error.getString("errorCode")).as(rejected.toString()).isEqualTo("provider_error");
        JsonArray attempts = error.getJsonObject("data").getJsonArray("attempts");
        assertThat(attempts).as(rejected.toString()).hasSize(2);
        assertAttempt(attempts.getJsonObject(0), a, 500);
        assertAttempt(attempts.getJsonObject(1), b, 502);
        // Provider answers reach admins only (contract §11).
        assertThat(rejected.toString()).doesNotContain("upstream-body-of-a-7f3e").doesNotContain("upstream-body-of-b-9c1d");
        assertThat(pathsTried(a, b)).containsExactly(path(a), path(b));

        List<JsonObject> failed = ofType(eventually("two otp.delivery_failed of " + user, () -> events(user),
                e -> ofType(e, "otp.delivery_failed").size() >= 2), "otp.delivery_failed");
        assertThat(failed).extracting(e -> e.getJsonObject("details").getString("connection"))
                .containsExactlyInAnyOrder(a, b);
        assertThat(ofType(events(user), "otp.sent")).isEmpty();
    }

    // ---------------------------------------------------------------- resend rotation

    @Test
    void aResendStartsWithTheConnectionAfterTheOneThatDeliveredTheLastPasscode() throws Exception {
        String a = unique("dlv-ra");
        String b = unique("dlv-rb");
        smsConnection(a);
        smsConnection(b);
        String journey = journeyId("rotate");
        journey(journey, false, a, b);

        String user = unique("dlv-user");
        JsonObject otp = untilOtp(api, journey, user, phone());
        assertWaiting(otp);
        assertThat(http.requests(path(a))).hasSize(1);
        assertThat(http.requests(path(b))).isEmpty();
        assertThat(connectionOf(eventually("otp.sent of " + user, () -> events(user),
                e -> !ofType(e, "otp.sent").isEmpty()), "otp.sent")).containsExactly(a);

        JsonObject first = resendAfterCooldown(otp);
        assertWaiting(first);
        assertThat(http.requests(path(b))).as("the first resend goes to the connection after A").hasSize(1);
        assertThat(http.requests(path(a))).hasSize(1);
        assertThat(connectionOf(eventually("otp.resent of " + user, () -> events(user),
                e -> !ofType(e, "otp.resent").isEmpty()), "otp.resent")).containsExactly(b);

        JsonObject second = resendAfterCooldown(first);
        assertWaiting(second);
        assertThat(http.requests(path(a))).as("the second resend wraps around to A").hasSize(2);
        assertThat(http.requests(path(b))).hasSize(1);
        assertThat(connectionOf(eventually("two otp.resent of " + user, () -> events(user),
                e -> ofType(e, "otp.resent").size() >= 2), "otp.resent")).containsExactlyInAnyOrder(b, a);

        String last = sixDigits(form(http.requests(path(a)).get(1).body()).get("text"));
        assertSuccess(api.passcode(second, last));
    }

    // ---------------------------------------------------------------- circuit breaker

    @Test
    void breakerOpensAfterFiveFailuresSkipsTheConnectionThenOneTrialClosesIt() throws Exception {
        String a = unique("dlv-brk-a");
        String b = unique("dlv-brk-b");
        smsConnection(a);
        smsConnection(b);
        JsonObject fresh = health(a);
        assertThat(fresh.getString("state")).as(fresh.toString()).isEqualTo("closed");
        assertThat(fresh.getInt("consecutiveFailures")).isZero();
        assertThat(fresh.containsKey("openUntil")).as("absent fields are left out: " + fresh).isFalse();
        http.on(path(a), Response.json(503, "{\"error\":\"down\"}"));
        String journey = journeyId("breaker");
        journey(journey, false, a, b);

        for (int i = 1; i <= BREAKER_FAILURES; i++) {
            assertWaiting(untilOtp(api, journey, unique("dlv-user"), phone()));
            assertThat(http.requests(path(a))).as("send %d tried A", i).hasSize(i);
            assertThat(http.requests(path(b))).as("send %d failed over to B", i).hasSize(i);
        }
        JsonObject open = health(a);
        assertThat(open.getString("state")).as(open.toString()).isEqualTo("open");
        assertThat(open.getInt("consecutiveFailures")).isEqualTo(BREAKER_FAILURES);
        Instant openUntil = Instant.parse(open.getString("openUntil"));
        JsonObject lastFailure = open.getJsonObject("lastFailure");
        assertThat(lastFailure).as(open.toString()).isNotNull();
        assertThat(lastFailure.getString("reason")).isNotBlank();
        Instant failedAt = Instant.parse(lastFailure.getString("at"));
        assertThat(Duration.between(failedAt, openUntil)).as("open for " + OPEN_FOR + ": " + open)
                .isBetween(OPEN_FOR.minusSeconds(1), OPEN_FOR.plusSeconds(1));

        // Open: A is skipped without a call.
        String skippedUser = unique("dlv-user");
        JsonObject skipped = untilOtp(api, journey, skippedUser, phone());
        Instant sixthDone = Instant.now();
        assertWaiting(skipped);
        assertThat(http.requests(path(a))).as("an open connection gets no call (send ended %s, open until %s)",
                sixthDone, openUntil).hasSize(BREAKER_FAILURES);
        assertThat(http.requests(path(b))).hasSize(BREAKER_FAILURES + 1);
        assertThat(connectionOf(eventually("otp.sent of " + skippedUser, () -> events(skippedUser),
                e -> !ofType(e, "otp.sent").isEmpty()), "otp.sent")).containsExactly(b);
        assertThat(health(a).getInt("consecutiveFailures")).as("a skip is no call, so no new failure")
                .isEqualTo(BREAKER_FAILURES);

        JsonObject opened = eventually("connection.opened for " + a, () -> connectionEvents("connection.opened", a),
                e -> !e.isEmpty()).get(0);
        assertThat(opened.getJsonObject("details").getString("connection")).isEqualTo(a);

        // After open-for, one trial send decides: A answers again, so it delivers and closes the breaker.
        http.on(path(a), Response.json(200, "{\"id\":\"msg-a\"}"));
        waitUntil(openUntil.plusSeconds(1));
        String trialUser = unique("dlv-user");
        JsonObject trial = untilOtp(api, journey, trialUser, phone());
        assertWaiting(trial);
        assertThat(http.requests(path(a))).as("the half-open trial").hasSize(BREAKER_FAILURES + 1);
        assertThat(http.requests(path(b))).hasSize(BREAKER_FAILURES + 1);
        assertThat(connectionOf(eventually("otp.sent of " + trialUser, () -> events(trialUser),
                e -> !ofType(e, "otp.sent").isEmpty()), "otp.sent")).containsExactly(a);
        JsonObject closed = health(a);
        assertThat(closed.getString("state")).as(closed.toString()).isEqualTo("closed");
        assertThat(closed.getInt("consecutiveFailures")).isZero();
        assertThat(closed.containsKey("openUntil")).as(closed.toString()).isFalse();
        assertThat(eventually("connection.closed for " + a, () -> connectionEvents("connection.closed", a),
                e -> !e.isEmpty())).isNotEmpty();
        assertSuccess(api.passcode(trial, sixDigits(form(http.requests(path(a)).get(BREAKER_FAILURES).body()).get("text"))));
    }

    @Test
    void aSuccessfulTestSendClosesAnOpenBreaker() {
        String a = unique("dlv-tst-a");
        String b = unique("dlv-tst-b");
        smsConnection(a);
        smsConnection(b);
        http.on(path(a), Response.json(502, "{\"error\":\"bad gateway\"}"));
        String journey = journeyId("testsend");
        journey(journey, false, a, b);
        for (int i = 1; i <= BREAKER_FAILURES; i++) {
            assertWaiting(untilOtp(api, journey, unique("dlv-user"), phone()));
        }
        assertThat(http.requests(path(a))).hasSize(BREAKER_FAILURES);
        JsonObject open = health(a);
        assertThat(open.getString("state")).as(open.toString()).isEqualTo("open");

        http.on(path(a), Response.json(200, "{\"id\":\"msg-test\"}"));
        Api.Answer test = api.admin("POST", "/connections/" + a + "/test", Api.obj("to", phone()));
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().getBoolean("delivered")).isTrue();
        assertThat(http.requests(path(a))).as("the test send calls the provider even while open")
                .hasSize(BREAKER_FAILURES + 1);

        JsonObject closed = health(a);
        assertThat(closed.getString("state")).as(closed.toString()).isEqualTo("closed");
        assertThat(closed.getInt("consecutiveFailures")).isZero();
        assertThat(eventually("connection.closed for " + a, () -> connectionEvents("connection.closed", a),
                e -> !e.isEmpty())).isNotEmpty();

        // Closed: the next send tries A first again, and A delivers.
        String user = unique("dlv-user");
        JsonObject otp = untilOtp(api, journey, user, phone());
        assertWaiting(otp);
        assertThat(http.requests(path(a))).hasSize(BREAKER_FAILURES + 2);
        assertThat(http.requests(path(b))).hasSize(BREAKER_FAILURES);
        assertSuccess(api.passcode(otp, sixDigits(form(http.requests(path(a)).get(BREAKER_FAILURES + 1).body()).get("text"))));
    }

    @Test
    void aConnectionMadeAgainUnderADeletedOnesNameStartsWithAClosedBreaker() {
        String a = unique("dlv-del-a");
        String b = unique("dlv-del-b");
        smsConnection(a);
        smsConnection(b);
        http.on(path(a), Response.json(503, "{\"error\":\"down\"}"));
        String journey = journeyId("delete");
        journey(journey, false, a, b);
        for (int i = 1; i <= BREAKER_FAILURES; i++) {
            assertWaiting(untilOtp(api, journey, unique("dlv-user"), phone()));
        }
        assertThat(health(a).getString("state")).isEqualTo("open");

        assertThat(api.admin("DELETE", "/journeys/" + journey, null).status()).isEqualTo(204);
        assertThat(api.admin("DELETE", "/connections/" + a, null).status()).isEqualTo(204);
        smsConnection(a);
        JsonObject fresh = health(a);
        assertThat(fresh.getString("state")).as(fresh.toString()).isEqualTo("closed");
        assertThat(fresh.getInt("consecutiveFailures")).isZero();
        assertThat(fresh.containsKey("lastFailure")).as("the deleted connection's failures are not the new one's").isFalse();
    }

    // ---------------------------------------------------------------- settings

    @Test
    void maxConcurrencyIsAnIntegerSettingOfAConnection() {
        String name = unique("dlv-conc");
        Api.Answer created = api.admin("PUT", "/connections/" + name,
                connection(name, "sms_webservice", settings(path(name)).add("maxConcurrency", 8)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(maxConcurrencyOf(name)).isEqualTo(8);

        for (JsonValue wrong : List.of(Json.createValue("lots"), Json.createValue(2.5), JsonValue.TRUE)) {
            Api.Answer refused = api.admin("PUT", "/connections/" + name,
                    connection(name, "sms_webservice", settings(path(name)).add("maxConcurrency", wrong)));
            assertThat(refused.status()).as(wrong + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().getJsonArray("errors").stream()
                    .map(e -> e.asJsonObject().getString("field"))).as(refused.body()).contains("settings.maxConcurrency");
            assertThat(maxConcurrencyOf(name)).as("a refused PUT stores nothing").isEqualTo(8);
        }
    }

    // ---------------------------------------------------------------- helpers

    private int maxConcurrencyOf(String name) {
        Api.Answer a = api.admin("GET", "/connections/" + name, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().getJsonObject("settings").getInt("maxConcurrency");
    }

    private static void assertAttempt(JsonObject attempt, String connection, int status) {
        assertThat(attempt.getString("connection")).as(attempt.toString()).isEqualTo(connection);
        assertThat(attempt.getString("provider")).as(attempt.toString()).isEqualTo("sms_webservice");
        assertThat(attempt.getInt("status")).as(attempt.toString()).isEqualTo(status);
        assertThat(attempt.getString("reason")).as(attempt.toString()).isNotBlank();
    }

    /** Asks for a resend until the cooldown (PT2S in the suite) has passed; a refused resend uses nothing up. */
    private JsonObject resendAfterCooldown(JsonObject waiting) throws InterruptedException {
        JsonObject current = waiting;
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            Api.Answer a = api.respond(current, "resend", null);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            JsonObject r = a.json();
            boolean tooSoon = r.containsKey("errorData")
                    && "resend_too_soon".equals(r.getJsonObject("errorData").getString("errorCode"));
            if (!tooSoon) {
                return r;
            }
            assertThat(Instant.now()).as("resend still too soon: " + r).isBefore(deadline);
            current = r;
            JsonNumber retry = r.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after");
            Thread.sleep(Math.min(1000, Math.max(200, retry == null ? 500 : retry.longValue() * 1000)));
        }
    }

    private void smsConnection(String name) {
        smsConnection(name, settings(path(name)));
    }

    private void smsConnection(String name, JsonObjectBuilder settings) {
        put("/connections/" + name, connection(name, "sms_webservice", settings));
    }

    private void twilioConnection(String name, String accountSid) {
        JsonObject c = Json.createObjectBuilder().add("name", name).add("channel", "sms").add("provider", "twilio")
                .add("settings", Json.createObjectBuilder().add("accountSid", accountSid).add("from", "+15550001111")
                        .add("baseUrl", "http://127.0.0.1:" + HTTP_PORT))
                .add("secrets", Json.createObjectBuilder().add("authToken", "twilio-token-" + name)).build();
        put("/connections/" + name, c);
    }

    private static JsonObject connection(String name, String provider, JsonObjectBuilder settings) {
        return Json.createObjectBuilder().add("name", name).add("channel", "sms").add("provider", provider)
                .add("settings", settings).build();
    }

    private static JsonObjectBuilder settings(String path) {
        return settingsAt("http://127.0.0.1:" + HTTP_PORT + path);
    }

    private static JsonObjectBuilder settingsAt(String url) {
        return Json.createObjectBuilder().add("url", url)
                .add("headers", Json.createObjectBuilder().add("Content-Type", "application/x-www-form-urlencoded"))
                .add("bodyTemplate", "to=${to}&from=${from}&text=${text}");
    }

    /**
     * An SMS journey (form, then OTP over {@code connections} in this order). With
     * {@code abort} the step's failure rejects the journey with its code and details;
     * otherwise the failure branch rejects it with "code|details.reason".
     */
    private void journey(String id, boolean abort, String... connections) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        for (String c : connections) {
            names.add(c);
        }
        JsonObject journey = Journeys.otp(id, "sms", Json.createObjectBuilder().add("connection", names)
                .add("recipient", "identify.to").add("from", "Acme").add("message", "Your Acme code is ${otp}"));
        if (abort) {
            JsonObject steps = journey.getJsonObject("steps");
            JsonObject otp = Json.createObjectBuilder(steps.getJsonObject("otp"))
                    .add("failureBehavior", "abort").remove("onFailure").build();
            journey = Json.createObjectBuilder(journey).add("steps", Json.createObjectBuilder(steps).add("otp", otp)).build();
        }
        put("/journeys/" + id, journey);
    }

    private void put(String path, JsonObject body) {
        Api.Answer a = api.admin("PUT", path, body);
        assertThat(a.status()).as("PUT " + path + ": " + a.body()).isIn(200, 201);
    }

    private JsonObject health(String connection) {
        Api.Answer a = api.admin("GET", "/connections/" + connection, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonObject health = a.json().getJsonObject("health");
        assertThat(health).as(a.body()).isNotNull();
        return health;
    }

    /** A user's audit events, oldest first. */
    private List<JsonObject> events(String user) {
        Api.Answer a = api.admin("GET", "/events?limit=500&userId=" + URLEncoder.encode(user, StandardCharsets.UTF_8), null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<JsonObject> list = new ArrayList<>(a.structure().asJsonArray().getValuesAs(JsonObject.class));
        Collections.reverse(list);
        return list;
    }

    /** Events of a type whose details name the connection. */
    private List<JsonObject> connectionEvents(String type, String connection) {
        Api.Answer a = api.admin("GET", "/events?limit=500&type=" + type, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.structure().asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(e -> e.containsKey("details") && e.get("details").getValueType() == JsonValue.ValueType.OBJECT
                        && connection.equals(e.getJsonObject("details").getString("connection", null)))
                .toList();
    }

    private static List<JsonObject> ofType(List<JsonObject> events, String type) {
        return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
    }

    private static List<String> connectionOf(List<JsonObject> events, String type) {
        return ofType(events, type).stream().map(e -> e.getJsonObject("details").getString("connection")).toList();
    }

    /** Polls until {@code done} holds (events may be written after the response); fails after {@link #PATIENCE}. */
    private static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(PATIENCE);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not there after " + PATIENCE + "; last seen: " + last);
            }
            pause(100);
            last = probe.get();
        }
        return last;
    }

    private static void waitUntil(Instant moment) {
        while (Instant.now().isBefore(moment)) {
            pause(100);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertWaiting(JsonObject response) {
        assertThat(response.getString("type")).as(response.toString()).isEqualTo("client_input_required");
        assertThat(response.getString("journeyStepId")).as(response.toString()).isEqualTo("genericOTPAuthentication");
        assertThat(response.getJsonObject("data").getString("channel")).isEqualTo("sms");
    }

    private static void assertSuccess(Api.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getString("type")).as(a.body()).isEqualTo("journey_success");
    }

    /** The paths of the recorded requests to these connections, in the order they arrived. */
    private static List<String> pathsTried(String... connections) {
        Set<String> paths = new HashSet<>();
        for (String c : connections) {
            paths.add(path(c));
        }
        return http.requests().stream().map(FakeHttpServer.Request::path).filter(paths::contains).toList();
    }

    private static FakeHttpServer.Request only(String connection) {
        List<FakeHttpServer.Request> r = http.requests(path(connection));
        assertThat(r).as("requests to " + connection).hasSize(1);
        return r.get(0);
    }

    private static String path(String connection) {
        return "/sms/" + connection;
    }

    private static String messages(String accountSid) {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String journeyId(String prefix) {
        return "dlv_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A US test number of its own per send (recipient limits are generous in the suite, but why share). */
    private static String phone() {
        return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
