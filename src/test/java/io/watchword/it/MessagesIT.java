package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Messages people can read and autofill (contract §10) in the real server: language variants
 * chosen by the start's locale or Accept-Language, the origin-bound line at the end of an SMS,
 * the segment limit at PUT, and test recipients. The deployment carries test recipients and a
 * lockout after one exhausted passcode (config ordinal 500), so the lockout is reached in three
 * wrong tries. SMS go to an {@code outbox} connection, read back with {@code GET /api/admin/outbox}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MessagesIT {

    static final String TEST_PHONE = "+15005550006";
    static final String TEST_CODE = "123456";
    static final String CONFIG = String.join("\n",
            "config_ordinal=500",
            "watchword.otp.test-recipients=" + TEST_PHONE + "=" + TEST_CODE + ",review@acme.com=654321",
            "watchword.otp.lockout.threshold=1",
            "");
    static final String CONNECTION = "messages-sms";
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "messages-it-config.jar")
                .addAsManifestResource(new StringAsset(CONFIG), "microprofile-config.properties");
        return Deployments.watchword().addAsLibrary(config);
    }

    /** The same WAR whose test recipient's code is shorter than watchword.otp.length: it must not start. */
    @Deployment(name = "short-test-code", managed = false, testable = false)
    static WebArchive shortTestCode() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "short-test-code-config.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=500\nwatchword.otp.test-recipients=+15005550006=1234\n"),
                        "microprofile-config.properties");
        return ShrinkWrap.create(WebArchive.class, "watchword-short-test-code.war").merge(Deployments.watchword())
                .addAsLibrary(config);
    }

    @ArquillianResource
    URL url;

    @ArquillianResource
    Deployer deployer;

    Api api;

    @BeforeEach
    void outboxConnection() {
        api = new Api(url);
        JsonObject conn = Json.createObjectBuilder().add("name", CONNECTION).add("channel", "sms").add("provider", "outbox").build();
        assertThat(api.admin("PUT", "/connections/" + CONNECTION, conn).status()).isIn(200, 201);
    }

    // --- languages

    @Test
    void germanForAStartWithLocaleDeAtAndEnglishForAcceptLanguageJa() {
        String journey = unique("messages_lang");
        put(journey, sms(Json.createObjectBuilder().add("en", "Your code is ${otp}.").add("de", "Ihr Code lautet ${otp}.")));

        String german = phone();
        JsonObject step = untilOtp(start(journey, Json.createObjectBuilder().add("locale", "de-AT").build(), null), german);
        assertThat(step.getJsonObject("data").getString("channel")).isEqualTo("sms");
        assertThat(lastText(german)).matches("Ihr Code lautet \\d{6}\\.");
        assertThat(Journeys.lastEvent(api, user(german), "otp.sent").getJsonObject("details").getString("locale")).isEqualTo("de");

        String japanese = phone();
        untilOtp(start(journey, null, "ja"), japanese);
        assertThat(lastText(japanese)).matches("Your code is \\d{6}\\.");
        assertThat(Journeys.lastEvent(api, user(japanese), "otp.sent").getJsonObject("details").getString("locale")).isEqualTo("en");

        String austrian = phone();
        untilOtp(start(journey, null, "fr;q=0.4, de-AT;q=0.9"), austrian);
        assertThat(lastText(austrian)).as("Accept-Language's highest weight").startsWith("Ihr Code lautet");
    }

    @Test
    void theStepsLocaleExpressionOverridesTheFlowsLocale() {
        String journey = unique("messages_step_locale");
        JsonObject definition = Journeys.otp(journey, "sms", sms(Json.createObjectBuilder()
                .add("en", "Your code is ${otp}.").add("fr", "Votre code est ${otp}.")));
        JsonObject otp = Json.createObjectBuilder(definition.getJsonObject("steps").getJsonObject("otp"))
                .add("locale", "'fr-CA'").build();
        put(journey, Json.createObjectBuilder(definition)
                .add("steps", Json.createObjectBuilder(definition.getJsonObject("steps")).add("otp", otp)).build());
        String to = phone();
        untilOtp(start(journey, Json.createObjectBuilder().add("locale", "de").build(), null), to);
        assertThat(lastText(to)).startsWith("Votre code est");
    }

    @Test
    void aStartLocaleThatIsNoLanguageTagIsRefusedAtItsField() {
        Answer a = start(unique("messages_any"), Json.createObjectBuilder().add("locale", "not a tag").build(), null);
        assertThat(a.status()).isEqualTo(404); // the journey does not exist: looked up first
        String journey = unique("messages_bad_locale");
        put(journey, sms(Json.createObjectBuilder().add("en", "Code ${otp}")));
        Answer refused = start(journey, Json.createObjectBuilder().add("locale", "not a tag").build(), null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("locale");
    }

    @Test
    void aTagThatIsNotBcp47IsRefusedAtPutAtItsPath() {
        String journey = unique("messages_bad_tag");
        Api.Answer a = api.admin("PUT", "/journeys/" + journey,
                Journeys.otp(journey, "sms", sms(Json.createObjectBuilder().add("en", "Code ${otp}").add("deutsch!", "Code ${otp}"))));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("steps.otp.sms.message.deutsch!");
    }

    // --- autofill and length

    @Test
    void theSmsEndsWithTheOriginBoundLineExactlyAndItsCodeVerifies() {
        String journey = unique("messages_autofill");
        put(journey, Journeys.otp(journey, "sms", Json.createObjectBuilder().add("connection", CONNECTION)
                .add("recipient", "identify.to").add("message", "Your Acme code is ${otp}.")
                .add("autofillDomain", "login.acme.com")));
        String to = phone();
        JsonObject step = untilOtp(start(journey, null, null), to);
        String text = lastText(to);
        String code = code(text);
        assertThat(text).isEqualTo("Your Acme code is " + code + ".\n\n@login.acme.com #" + code);
        assertThat(text).endsWith("\n@login.acme.com #" + code);
        assertThat(api.passcode(step, code).json().getString("type")).isEqualTo("journey_success");
    }

    @Test
    void aMessageOfFourSegmentsIsRefusedAtPutNamingTheFieldAndTheCount() {
        String journey = unique("messages_long");
        String four = "a".repeat(454) + " ${otp}"; // 461 GSM-7 characters: 4 parts of at most 153
        Api.Answer a = api.admin("PUT", "/journeys/" + journey, sms(journey, Json.createObjectBuilder().add("de", four)));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        JsonObject error = a.json().getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("field")).isEqualTo("steps.otp.sms.message.de");
        assertThat(error.getString("message")).startsWith("needs 4 SMS segments").contains("at most 3");

        String three = "a".repeat(452) + " ${otp}"; // 459: exactly three parts
        assertThat(api.admin("PUT", "/journeys/" + journey, sms(journey, Json.createObjectBuilder().add("de", three))).status())
                .isIn(200, 201);
    }

    // --- test recipients

    @Test
    void aTestRecipientGetsNoMessageAndItsFixedCodeVerifies() {
        String journey = unique("messages_review");
        put(journey, sms(Json.createObjectBuilder().add("en", "Your code is ${otp}.")));
        int before = outbox(TEST_PHONE).size();
        String user = unique("reviewer");
        JsonObject step = untilOtp(start(journey, null, null), user, TEST_PHONE);
        assertThat(step.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
        assertThat(outbox(TEST_PHONE)).as("nothing is sent to a test recipient").hasSize(before);

        JsonObject sent = Journeys.lastEvent(api, user, "otp.sent");
        assertThat(sent.getString("outcome")).isEqualTo("test_recipient");
        assertThat(sent.getJsonObject("details").getString("locale")).isEqualTo("en");
        // the contract's shape of otp.sent (§8), though nothing went through the connection
        assertThat(sent.getJsonObject("details").getString("connection")).isEqualTo(CONNECTION);
        assertThat(sent.toString()).doesNotContain(TEST_CODE);

        JsonObject done = api.passcode(step, TEST_CODE).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
    }

    @Test
    void aWrongCodeToATestRecipientStillCountsTowardLockout() {
        String journey = unique("messages_review_lock");
        put(journey, sms(Json.createObjectBuilder().add("en", "Your code is ${otp}.")));
        String user = unique("reviewer");
        JsonObject step = untilOtp(start(journey, null, null), user, TEST_PHONE);

        JsonObject first = api.passcode(step, "000000").json();
        assertThat(first.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
        assertThat(first.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);
        JsonObject second = api.passcode(first, "000001").json();
        assertThat(second.getJsonObject("data").getInt("attempts_left")).isEqualTo(1);
        JsonObject third = api.passcode(second, "000002").json();
        assertThat(third.getString("type")).isEqualTo("journey_rejection");
        assertThat(third.getJsonObject("errorData").getString("description")).startsWith("max_attempts_exceeded");

        // One exhausted passcode locks this deployment's users: the fixed code no longer gets anyone in.
        JsonObject locked = untilOtp(start(journey, null, null), user, TEST_PHONE);
        assertThat(locked.getString("type")).isEqualTo("journey_rejection");
        assertThat(locked.getJsonObject("errorData").getString("description")).startsWith("locked_out");
        assertThat(Journeys.lastEvent(api, user, "user.locked_out").getString("outcome")).isEqualTo("refused");
    }

    @Test
    void aTestRecipientsCodeOfAnotherLengthStopsTheDeploymentNamingTheKey() {
        // As in AbuseIT: Payara Micro's adapter does not report a deployment failing in its JVM
        // (the check is unit-tested in TestRecipientsTest).
        org.junit.jupiter.api.Assumptions.assumeFalse("payara".equals(System.getProperty("arquillian.launch")),
                "Payara Micro's adapter does not surface failed deployments");
        Throwable failure = catchThrowable(() -> deployer.deploy("short-test-code"));
        try {
            assertThat(failure).isNotNull();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("watchword.otp.test-recipients");
        } finally {
            try {
                deployer.undeploy("short-test-code");
            } catch (RuntimeException notDeployed) {
                // a deployment that failed is normally rolled back already
            }
        }
    }

    // --- helpers

    record Answer(int status, String body) {
        JsonObject json() {
            return Json.createReader(new java.io.StringReader(body)).readObject();
        }
    }

    /** A start with an optional body and Accept-Language header. */
    Answer start(String journey, JsonObject body, String acceptLanguage) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/api/journeys/" + journey + "/start"))
                .timeout(Duration.ofSeconds(60))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (acceptLanguage != null) {
            b.header("Accept-Language", acceptLanguage);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The form answered with a user id made of the phone number's digits (an id a query string carries as is). */
    JsonObject untilOtp(Answer form, String phone) {
        return untilOtp(form, user(phone), phone);
    }

    static String user(String phone) {
        return "u" + phone.substring(1);
    }

    /** Answers the journey's form (user id and recipient): the OTP step, or the journey's end. */
    JsonObject untilOtp(Answer form, String user, String to) {
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        Api.Answer a = api.respond(form.json(), "client_input",
                Json.createObjectBuilder().add("user", user).add("to", to).build());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    JsonObjectBuilder sms(JsonObjectBuilder message) {
        return Json.createObjectBuilder().add("connection", CONNECTION).add("recipient", "identify.to")
                .add("message", message);
    }

    JsonObject sms(String journey, JsonObjectBuilder message) {
        return Journeys.otp(journey, "sms", sms(message));
    }

    void put(String journey, JsonObjectBuilder smsSettings) {
        put(journey, Journeys.otp(journey, "sms", smsSettings));
    }

    void put(String journey, JsonObject definition) {
        Api.Answer a = api.admin("PUT", "/journeys/" + journey, definition);
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    JsonArray outbox(String to) {
        return (JsonArray) api.admin("GET", "/outbox?limit=200&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null)
                .structure();
    }

    String lastText(String to) {
        JsonArray messages = outbox(to);
        assertThat(messages).as("messages to %s", to).isNotEmpty();
        return messages.getJsonObject(0).getString("text");
    }

    static String code(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    static String phone() {
        return "+1555" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
