package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployer;
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
 * Attacks on the holes an independent review found (contract §11), each made the way the
 * review describes it: through the public API, as an attacker holding only what a client has.
 * The deployment has no resend cooldown and a low per-user try budget, so the lockout attack
 * fits in a few requests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityIT {

    static final String CONFIG = String.join("\n",
            "config_ordinal=500",
            "watchword.otp.resend.cooldown=PT0S",
            "watchword.otp.resend.max=10",
            "watchword.otp.max-failures=3",
            "watchword.otp.lockout.threshold=5",
            "watchword.otp.lockout.max-failed-tries=6",
            "watchword.expression.max-length=10000",
            "");

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "security-it-config.jar")
                .addAsManifestResource(new StringAsset(CONFIG), "microprofile-config.properties");
        return Deployments.watchword().addAsLibrary(config);
    }

    /** The same WAR in development mode, beside the suite's: on PostgreSQL it must not start. */
    @Deployment(name = "dev-mode", managed = false, testable = false)
    static WebArchive developmentMode() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "dev-mode-config.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=500\nwatchword.dev-mode=true\n"),
                        "microprofile-config.properties");
        return ShrinkWrap.create(WebArchive.class, "watchword-dev.war").merge(Deployments.watchword()).addAsLibrary(config);
    }

    @ArquillianResource
    Deployer deployer;

    @BeforeEach
    void connectionsAndJourneys() {
        api = new Api(url);
        Examples.ensure(api);
        for (String channel : List.of("email", "push")) {
            assertThat(api.admin("PUT", "/connections/sec-" + channel, Json.createObjectBuilder()
                    .add("name", "sec-" + channel).add("channel", channel).add("provider", "outbox").build()).status())
                    .isIn(200, 201);
        }
        put(Journeys.otp("sec_email", "email", Json.createObjectBuilder().add("connection", "sec-email")
                .add("recipients", "identify.to").add("subject", "Code").add("body", "Your code is ${otp}.")));
        // The journey of the review's takeover: the device comes from what the client sends.
        put(Journeys.otp("sec_push_param", "push", Json.createObjectBuilder().add("connection", "sec-push")
                .add("pushToken", "@policy.request().params.deviceToken").add("title", "Sign-in")
                .add("text", "Your code is ${otp}.")));
        put(Json.createObjectBuilder().add("id", "sec_no_otp").add("start", "done")
                .add("steps", Json.createObjectBuilder().add("done", Json.createObjectBuilder().add("type", "complete")))
                .build());
    }

    // ------------------------------------------------------------ 1. push goes only to the user's own device

    @Test
    void aPushTokenFromClientInputThatBelongsToAnotherUserGetsNoPasscode() {
        String attacker = "attacker-" + unique();
        String victim = "victim-" + unique();
        String attackersDevice = "device-" + unique() + unique();
        assertThat(registerAsAdmin(attacker, attackersDevice).status()).isEqualTo(201);

        JsonObject form = ok(api.start("sec_push_param", Json.createObjectBuilder().add("additionalParams",
                Json.createObjectBuilder().add("deviceToken", attackersDevice)).build()));
        JsonObject done = ok(api.respond(form, "client_input", Json.createObjectBuilder().add("user", victim).build()));

        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getJsonObject("errorData").getString("description")).isEqualTo("no_device_found|not_users_device");
        assertThat(outbox(attackersDevice)).as("nothing was sent to the attacker's device").isEmpty();
        JsonObject event = Journeys.lastEvent(api, victim, "otp.delivery_failed");
        assertThat(event.getJsonObject("details").getString("reason")).isEqualTo("not_users_device");
    }

    @Test
    void theUsersOwnDeviceFromClientInputStillGetsThePasscodeAndIsShownAsYourDevice() {
        String user = "owner-" + unique();
        String device = "device-" + unique() + unique();
        assertThat(registerAsAdmin(user, device).status()).isEqualTo(201);

        JsonObject form = ok(api.start("sec_push_param", Json.createObjectBuilder().add("additionalParams",
                Json.createObjectBuilder().add("deviceToken", device)).build()));
        JsonObject otp = ok(api.respond(form, "client_input", Json.createObjectBuilder().add("user", user).build()));

        assertThat(otp.getString("journeyStepId")).as(otp.toString()).isEqualTo("genericOTPAuthentication");
        assertThat(otp.getJsonObject("data").getString("recipient")).isEqualTo("your device");
        assertThat(outbox(device)).hasSize(1);
    }

    // ------------------------------------------------------------ 2. every method is covered

    @Test
    void everyMethodOnPushTokenAndAdminPathsNeedsTheRole() {
        for (String path : List.of("/api/push-tokens?userId=victim", "/api/push-tokens/some-id",
                "/api/admin/connections", "/api/admin/journeys/otp_login_email", "/api/admin/events")) {
            for (String method : List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE")) {
                Api.Answer anonymous = api.send(method, path, null, null, null);
                assertThat(anonymous.status()).as("%s %s without credentials", method, path).isEqualTo(401);
                Api.Answer guest = api.send(method, path, null, null, Api.basic(Api.GUEST));
                assertThat(guest.status()).as("%s %s as a user without the role", method, path).isEqualTo(403);
            }
        }
    }

    @Test
    void headOnAnotherUsersDeviceListRevealsNothing() {
        String victim = "victim-" + unique();
        assertThat(registerAsAdmin(victim, "device-" + unique() + unique()).status()).isEqualTo(201);
        Api.Answer head = api.send("HEAD", "/api/push-tokens?userId=" + victim, null, null, null);
        Api.Answer none = api.send("HEAD", "/api/push-tokens?userId=nobody-" + unique(), null, null, null);

        assertThat(head.status()).isEqualTo(401);
        assertThat(head.header("Content-Length")).isEqualTo(none.header("Content-Length"));
    }

    // ------------------------------------------------------------ 3. wrong tries count per user, across resends

    @Test
    void resendingBetweenWrongTriesStillLocksTheUser() {
        String user = "guesser-" + unique();
        String to = user + "@example.com";
        JsonObject step = Journeys.untilOtp(api, "sec_email", user, to);
        int wrongTries = 0;
        // Two wrong tries per passcode never exhaust one (max-failures 3); the per-user count must still grow.
        for (int round = 0; round < 3; round++) {
            String code = Journeys.sixDigits(outbox(to).getJsonObject(0).getString("text"));
            for (int i = 0; i < 2; i++) {
                step = ok(api.passcode(step, wrong(code)));
                wrongTries++;
                assertThat(step.getJsonObject("errorData").getString("errorCode"))
                        .as("wrong try %d is answered as usual", wrongTries).isEqualTo("invalid_credentials");
            }
            if (round < 2) {
                step = ok(api.respond(step, "resend", null));
                assertThat(step.getString("type")).as(step.toString()).isEqualTo("client_input_required");
            }
        }
        // The sixth wrong try reached watchword.otp.lockout.max-failed-tries: even the right code is refused now.
        String right = Journeys.sixDigits(outbox(to).getJsonObject(0).getString("text"));
        JsonObject refused = ok(api.passcode(step, right));
        assertThat(refused.getString("type")).isEqualTo("journey_rejection");
        assertThat(refused.getJsonObject("errorData").getString("description")).startsWith("locked_out");

        // And a new flow for the same user gets nothing sent.
        int before = outbox(to).size();
        JsonObject again = Journeys.untilOtp(api, "sec_email", user, to);
        assertThat(again.getJsonObject("errorData").getString("description")).startsWith("locked_out");
        assertThat(outbox(to)).hasSize(before);
        assertThat(Journeys.lastEvent(api, user, "user.locked_out").getString("outcome")).isIn("locked", "refused");
    }

    @Test
    void theShippedEmailJourneyTreatsAddressesThatDifferOnlyInCaseAsOneUser() {
        assertThat(api.admin("PUT", "/connections/demo-email", Json.createObjectBuilder().add("name", "demo-email")
                .add("channel", "email").add("provider", "outbox").build()).status()).isIn(200, 201);
        String local = "Jane." + unique();
        JsonObject form = ok(api.start("otp_login_email", null));
        JsonObject otp = ok(api.respond(form, "client_input", Api.obj("email", "  " + local.toUpperCase() + "@Example.COM ")));
        String lower = local.toLowerCase() + "@example.com";
        String code = Journeys.sixDigits(outbox(lower).getJsonObject(0).getString("text"));
        JsonObject done = ok(api.passcode(otp, code));

        assertThat(done.getString("type")).isEqualTo("journey_success");
        assertThat(claims(done.getString("token")).getString("sub")).isEqualTo(lower);
    }

    // ------------------------------------------------------------ 4. registering a device

    @Test
    void aCompletionTokenRegistersOneDeviceOnce() {
        String user = "reg-" + unique();
        String token = completionToken(user);

        assertThat(registerWith(token, user, "device-" + unique() + unique()).status()).isEqualTo(201);
        Api.Answer replay = registerWith(token, user, "device-" + unique() + unique());
        assertThat(replay.status()).as("a replayed completion token").isEqualTo(401);
        assertThat(Journeys.lastEvent(api, user, "push.registered").getString("outcome")).isEqualTo("created");
    }

    @Test
    void aJourneyWithoutAPasscodeVouchesForNobody() {
        JsonObject done = ok(api.start("sec_no_otp", null));
        assertThat(done.getString("type")).isEqualTo("journey_success");
        assertThat(done.containsKey("token")).as("no token to register a device with").isFalse();
        assertThat(registerWith("not-a-token", "someone", "device-" + unique()).status()).isEqualTo(401);
    }

    @Test
    void aDeviceValueHeldByAnotherUserIsNotReParented() {
        String victim = "victim-" + unique();
        String device = "device-" + unique() + unique();
        assertThat(registerAsAdmin(victim, device).status()).isEqualTo(201);
        String attacker = "attacker-" + unique();

        Api.Answer taken = registerWith(completionToken(attacker), attacker, device);

        assertThat(taken.status()).isEqualTo(409);
        JsonArray victims = api.send("GET", "/api/push-tokens?userId=" + victim, null, null, Api.basic(Api.ADMIN))
                .structure().asJsonArray();
        assertThat(victims).hasSize(1);
        assertThat(api.send("GET", "/api/push-tokens?userId=" + attacker, null, null, Api.basic(Api.ADMIN))
                .structure().asJsonArray()).isEmpty();
        // An admin may move it (a device sold or handed on), and that is audited.
        assertThat(registerAsAdmin(attacker, device).status()).isEqualTo(200);
        String id = api.send("GET", "/api/push-tokens?userId=" + attacker, null, null, Api.basic(Api.ADMIN))
                .structure().asJsonArray().getJsonObject(0).getString("id");
        assertThat(api.send("DELETE", "/api/push-tokens/" + id, null, null, Api.basic(Api.ADMIN)).status()).isEqualTo(204);
        assertThat(Journeys.lastEvent(api, attacker, "push.deleted").getString("outcome")).isEqualTo("deleted");
    }

    // ------------------------------------------------------------ 6. development mode is for development

    @Test
    void outsideDevelopmentModeTheOutboxOfTheDemoPageIsClosed() {
        Api.Answer a = api.send("GET", "/api/dev/outbox", null, null, null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).startsWith("application/problem+json");
    }

    @Test
    void developmentModeStartsOnlyOnTheEmbeddedH2AndOnlyThereLoadsTheExamples() throws Exception {
        boolean postgres = "postgresql".equals(System.getProperty("watchword.test.database"));
        org.junit.jupiter.api.Assumptions.assumeFalse("payara".equals(System.getProperty("arquillian.launch")),
                "Payara Micro's adapter starts one server per deployment");
        // The suite's server is not in development mode: deleting an example leaves it deleted.
        assertThat(api.admin("DELETE", "/journeys/otp_login_sms", null).status()).isEqualTo(204);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> deployer.deploy("dev-mode"));
        try {
            if (postgres) {
                assertThat(failure).as("development mode on PostgreSQL").isNotNull();
                StringBuilder messages = new StringBuilder();
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("watchword.dev-mode");
                assertThat(api.admin("GET", "/journeys/otp_login_sms", null).status()).isEqualTo(404);
            } else {
                assertThat(failure).as("development mode on the embedded H2").isNull();
                assertThat(api.admin("GET", "/journeys/otp_login_sms", null).status()).isEqualTo(200);
                Api dev = new Api(new URL(url, "/watchword-dev/"));
                assertThat(dev.send("GET", "/api/dev/outbox", null, null, null).status()).isEqualTo(200);
            }
        } finally {
            try {
                deployer.undeploy("dev-mode");
            } catch (RuntimeException notDeployed) {
                // a deployment that failed is normally rolled back already
            }
            Examples.ensure(api);
        }
    }

    // ------------------------------------------------------------ 8. expression budgets

    @Test
    void anExpressionThatBuildsAHugeStringIsAStepFailureNotAServerError() {
        for (String expression : List.of("'a'.repeat(2000000000)", "'%0999999999d'.formatted(1)",
                "'ab'.repeat(4000) += 'ab'.repeat(4000)", "(f -> f(f))(f -> f(f))",
                "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'.matches('(.*a){12}')")) {
            String id = "sec_budget_" + Math.abs(expression.hashCode());
            put(Json.createObjectBuilder().add("id", id).add("start", "vars")
                    .add("steps", Json.createObjectBuilder()
                            .add("vars", Json.createObjectBuilder().add("type", "set_variables")
                                    .add("variables", Json.createObjectBuilder().add("x", expression))
                                    .add("next", "done"))
                            .add("done", Json.createObjectBuilder().add("type", "complete")))
                    .build());
            Api.Answer started = api.start(id, null);
            assertThat(started.status()).as("%s: %s", expression, started.body()).isEqualTo(200);
            JsonObject error = started.json().getJsonObject("errorData");
            assertThat(started.json().getString("type")).as(expression).isEqualTo("journey_rejection");
            assertThat(error.getString("errorCode")).as(expression).isEqualTo("expression_error");
        }
    }

    @Test
    void aClientNumberWithAHugeExponentIsRefused() {
        String body = "{\"additionalParams\": {\"n\": 1e999999999}}";
        Api.Answer refused = api.send("POST", "/api/journeys/sec_email/start", body, "application/json", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("additionalParams.n");

        JsonObject form = ok(api.start("sec_email", null));
        Api.Answer answer = api.send("POST", "/api/flows/" + form.getString("flowId") + "/responses",
                "{\"option\":\"client_input\",\"data\":{\"user\":\"u\",\"to\":1e-999999999}}", "application/json",
                "Bearer " + form.getString("interactionToken"));
        assertThat(answer.status()).isEqualTo(400);
        // Refused whole: the token still works.
        assertThat(api.respond(form, "cancel", null).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------ helpers

    private String completionToken(String user) {
        String to = user + "@example.com";
        JsonObject step = Journeys.untilOtp(api, "sec_email", user, to);
        String code = Journeys.sixDigits(outbox(to).getJsonObject(0).getString("text"));
        JsonObject done = ok(api.passcode(step, code));
        assertThat(done.getString("type")).isEqualTo("journey_success");
        return done.getString("token");
    }

    private Api.Answer registerAsAdmin(String user, String device) {
        return api.send("POST", "/api/push-tokens", registration(user, device), "application/json", Api.basic(Api.ADMIN));
    }

    private Api.Answer registerWith(String completionToken, String user, String device) {
        return api.send("POST", "/api/push-tokens", registration(user, device), "application/json",
                "Bearer " + completionToken);
    }

    private static String registration(String user, String device) {
        return Json.createObjectBuilder().add("userId", user).add("token", device).add("provider", "apns")
                .add("deviceName", "Phone").build().toString();
    }

    private JsonArray outbox(String to) {
        Api.Answer a = api.admin("GET", "/outbox?limit=200&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(200);
        return a.structure().asJsonArray();
    }

    private void put(JsonObject journey) {
        Api.Answer a = api.admin("PUT", "/journeys/" + journey.getString("id"), journey);
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    private static JsonObject claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(payload)).readObject();
    }

    private static JsonObject ok(Api.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
