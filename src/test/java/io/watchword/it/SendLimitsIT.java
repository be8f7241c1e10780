package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Send limits are reserved before the send (contract §8): sends racing in different flows for
 * one recipient or one user never pass the limit, and a send that delivered nothing gives its
 * reservation back. The deployment's microprofile-config.properties (ordinal 500) sets the
 * limits; the suite's generous ones (system properties, ordinal 400) rule everything else.
 * Counters live in the shared database, so every test uses recipients and users of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SendLimitsIT {

    static final int PER_RECIPIENT = 5;
    static final int PER_USER = 7;
    static final int RACERS = 32;

    static final String LIMITS = String.join("\n",
            "config_ordinal=500",
            "watchword.ratelimit.sends-per-recipient=" + PER_RECIPIENT + "/PT1H",
            "watchword.ratelimit.sends-per-user=" + PER_USER + "/PT1H",
            "watchword.otp.resend.cooldown=PT0S",
            // (no larger expression budget: it counts CPU time, so 32 requests waiting for two
            // cores do not make 'identify.user' an expression_error — they did while it was wall time)
            "");

    /** Nothing listens here (the port moves with the suite's offset). */
    static final int CLOSED_PORT = Deployments.port(3035);

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "send-limits-it-config.jar")
                .addAsManifestResource(new StringAsset(LIMITS), "microprofile-config.properties");
        return Deployments.watchword().addAsLibrary(config);
    }

    @BeforeEach
    void journeysAndConnections() {
        api = new Api(url);
        put("/connections/limits-email", Json.createObjectBuilder().add("name", "limits-email").add("channel", "email")
                .add("provider", "outbox").build());
        put("/connections/limits-down", Json.createObjectBuilder().add("name", "limits-down").add("channel", "email")
                .add("provider", "email_webservice").add("settings", Json.createObjectBuilder()
                        .add("url", "http://127.0.0.1:" + CLOSED_PORT + "/mail").add("bodyTemplate", "${to} ${text}"))
                .build());
        put("/journeys/limits_email", AbuseIT.journey("limits_email", "email", email("limits-email", "Your code is ${otp}.")));
        put("/journeys/limits_down", AbuseIT.journey("limits_down", "email", email("limits-down", "Your code is ${otp}.")));
        // A message that breaks the expression budget (max-length 10000) while it is built, after the passcode was issued.
        put("/journeys/limits_broken", AbuseIT.journey("limits_broken", "email",
                email("limits-email", "${otp}${'x'.repeat(20000)}")));
    }

    @Test
    void thirtyTwoConcurrentSendsToOneRecipientWithALimitOfFiveDeliverExactlyFive() throws Exception {
        String to = unique("victim") + "@example.com";
        List<JsonObject> answers = race((i, started) -> identify("limits_email", to, unique("u" + i), started));
        long delivered = count(answers, "genericOTPAuthentication");
        long refused = rateLimited(answers);
        int inOutbox = outbox(to).size();
        System.out.printf("SendLimitsIT: %d concurrent sends to one recipient, limit %d: %d waiting for a passcode,"
                + " %d rate_limited, %d in the outbox%n", RACERS, PER_RECIPIENT, delivered, refused, inOutbox);
        assertThat(others(answers)).as("answers neither waiting nor rate_limited").isEmpty();
        assertThat(inOutbox).as("passcodes delivered to the recipient").isEqualTo(PER_RECIPIENT);
        assertThat(delivered).isEqualTo(PER_RECIPIENT);
        assertThat(refused).isEqualTo(RACERS - PER_RECIPIENT);
        answers.stream().filter(a -> a.containsKey("errorData")).forEach(a -> assertThat(a.getJsonObject("errorData")
                .getJsonObject("data").getJsonNumber("retry_after").longValue()).isBetween(1L, 3600L));
    }

    @Test
    void thirtyTwoConcurrentSendsForOneUserWithALimitOfSevenDeliverExactlySeven() throws Exception {
        String user = unique("user");
        String prefix = unique("rcpt");
        List<JsonObject> answers = race((i, started) -> identify("limits_email", prefix + "-" + i + "@example.com", user, started));
        long delivered = count(answers, "genericOTPAuthentication");
        long refused = rateLimited(answers);
        int inOutbox = 0;
        for (int i = 0; i < RACERS; i++) {
            inOutbox += outbox(prefix + "-" + i + "@example.com").size();
        }
        System.out.printf("SendLimitsIT: %d concurrent sends for one user, limit %d: %d waiting for a passcode,"
                + " %d rate_limited, %d in the outbox%n", RACERS, PER_USER, delivered, refused, inOutbox);
        assertThat(others(answers)).as("answers neither waiting nor rate_limited").isEmpty();
        assertThat(inOutbox).as("passcodes delivered for the user").isEqualTo(PER_USER);
        assertThat(delivered).isEqualTo(PER_USER);
        assertThat(refused).isEqualTo(RACERS - PER_USER);
    }

    @Test
    void sendsThatDeliveredNothingDoNotUseUpTheRecipientsAllowance() throws Exception {
        String to = unique("outage") + "@example.com";
        for (int i = 0; i <= PER_RECIPIENT; i++) {
            JsonObject failed = identify("limits_down", to, unique("u"));
            assertThat(failed.getJsonObject("errorData").getString("errorCode")).isEqualTo("provider_error");
        }
        for (int i = 0; i <= PER_RECIPIENT; i++) {
            JsonObject broken = identify("limits_broken", to, unique("u"));
            assertThat(broken.getJsonObject("errorData").getString("errorCode")).isEqualTo("expression_error");
        }
        for (int i = 0; i < PER_RECIPIENT; i++) {
            assertThat(identify("limits_email", to, unique("u")).getString("journeyStepId"))
                    .as("send %d after the failures", i + 1).isEqualTo("genericOTPAuthentication");
        }
        assertThat(identify("limits_email", to, unique("u")).getJsonObject("errorData").getString("errorCode"))
                .isEqualTo("rate_limited");
        assertThat(outbox(to)).hasSize(PER_RECIPIENT);
    }

    @Test
    void aResendOverTheLimitIsResendTooSoonWithRetryAfter() throws Exception {
        String to = unique("resend") + "@example.com";
        for (int i = 0; i < PER_RECIPIENT - 1; i++) {
            identify("limits_email", to, unique("u"));
        }
        JsonObject last = identify("limits_email", to, unique("u"));
        assertThat(last.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        JsonObject refused = api.respond(last, "resend", null).json();
        assertThat(refused.getString("type")).isEqualTo("client_input_update_required");
        assertThat(refused.getJsonObject("errorData").getString("errorCode")).isEqualTo("resend_too_soon");
        assertThat(refused.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after").longValue())
                .isBetween(1L, 3600L);
        assertThat(outbox(to)).hasSize(PER_RECIPIENT);
    }

    // --- helpers ---

    /**
     * {@link #RACERS} journeys at once: each thread starts its own flow, all wait until every
     * flow has started, then all answer the form (the answer that sends) together.
     */
    List<JsonObject> race(RacingFlow oneFlow) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<JsonObject>> results = new ArrayList<>();
            CyclicBarrier started = new CyclicBarrier(RACERS);
            for (int i = 0; i < RACERS; i++) {
                int n = i;
                results.add(pool.submit(() -> oneFlow.run(n, started)));
            }
            List<JsonObject> answers = new ArrayList<>();
            for (Future<JsonObject> f : results) {
                answers.add(f.get(2, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code n}th racer's journey: it meets the others at {@code started} before it answers. */
    interface RacingFlow {
        JsonObject run(int n, CyclicBarrier started) throws Exception;
    }

    /** Starts {@code journeyId} and answers its form with {@code to} and {@code user}: the answer sends. */
    JsonObject identify(String journeyId, String to, String user) throws Exception {
        return identify(journeyId, to, user, null);
    }

    /** As {@link #identify(String, String, String)}, answering once every racer at {@code started} has started. */
    JsonObject identify(String journeyId, String to, String user, CyclicBarrier started) throws Exception {
        Api.Answer flow = api.start(journeyId, null);
        assertThat(flow.status()).isEqualTo(200);
        if (started != null) {
            started.await(2, TimeUnit.MINUTES);
        }
        Api.Answer a = api.respond(flow.json(), "client_input",
                Json.createObjectBuilder().add("to", to).add("user", user).build());
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    static long count(List<JsonObject> answers, String stepId) {
        return answers.stream().filter(a -> stepId.equals(a.getString("journeyStepId", null))
                && "client_input_required".equals(a.getString("type"))).count();
    }

    static List<JsonObject> others(List<JsonObject> answers) {
        return answers.stream().filter(a -> count(List.of(a), "genericOTPAuthentication") + rateLimited(List.of(a)) == 0).toList();
    }

    static long rateLimited(List<JsonObject> answers) {
        return answers.stream().filter(a -> "journey_rejection".equals(a.getString("type"))
                && "rate_limited".equals(a.getJsonObject("errorData").getString("errorCode"))).count();
    }

    static JsonObject email(String connection, String body) {
        return Json.createObjectBuilder().add("connection", connection).add("recipients", "identify.to")
                .add("subject", "Code").add("body", body).build();
    }

    void put(String path, JsonObject body) {
        Api.Answer a = api.admin("PUT", path, body);
        assertThat(a.status()).as(path + ": " + a.body()).isIn(200, 201);
    }

    JsonArray outbox(String to) {
        return api.admin("GET", "/outbox?limit=200&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null)
                .structure().asJsonArray();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    }
}
