package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Abuse protection (contract §7) with small limits. The suite's server runs with generous
 * limits (arquillian.xml, system properties, ordinal 400); this deployment carries a
 * microprofile-config.properties of ordinal 500 with tight ones, so it alone is throttled.
 * Counters live in the shared database, so every test uses subjects of its own: fresh
 * recipients and user ids, and for each journey start its own loopback source address.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AbuseIT {

    static final String TIGHT = String.join("\n",
            "config_ordinal=500",
            "watchword.ratelimit.start-per-ip=3/PT1H",
            "watchword.ratelimit.sends-per-recipient=2/PT1H",
            "watchword.ratelimit.sends-per-user=3/PT1H",
            "watchword.sms.allowed-country-codes=1, 44, 372",
            "watchword.sms.conversion.min-volume=3",
            "watchword.sms.conversion.min-rate=0.5",
            "watchword.sms.conversion.window=PT1H",
            "watchword.sms.conversion.block=PT1H",
            "watchword.otp.resend.cooldown=PT0S",
            "");

    /** Each start comes from 127.x.y.z of its own; the run's random first one keeps reruns apart. */
    static final AtomicInteger ADDRESS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20) << 2);

    /** The test server listens on the IPv4 loopback; connecting there keeps the bound 127.x source usable. */
    static final String SERVER = "127.0.0.1";

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "abuse-it-config.jar")
                .addAsManifestResource(new StringAsset(TIGHT), "microprofile-config.properties");
        return Deployments.watchword().addAsLibrary(config);
    }

    /** The same WAR under another name with a limit that is not N/duration: it must not start. */
    @Deployment(name = "invalid-limit", managed = false, testable = false)
    static WebArchive invalidLimit() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "invalid-limit-config.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=500\nwatchword.ratelimit.start-per-ip=lots\n"),
                        "microprofile-config.properties");
        return ShrinkWrap.create(WebArchive.class, "watchword-invalid-limit.war").merge(Deployments.watchword())
                .addAsLibrary(config);
    }

    @ArquillianResource
    Deployer deployer;

    @BeforeEach
    void journeysAndConnections() {
        api = new Api(url);
        for (String channel : List.of("email", "sms")) {
            JsonObject conn = Json.createObjectBuilder().add("name", "abuse-" + channel).add("channel", channel)
                    .add("provider", "outbox").build();
            assertThat(api.admin("PUT", "/connections/abuse-" + channel, conn).status()).isIn(200, 201);
        }
        assertThat(api.admin("PUT", "/journeys/abuse_email", journey("abuse_email", "email", Json.createObjectBuilder()
                .add("connection", "abuse-email").add("recipients", "identify.to").add("subject", "Code")
                .add("body", "Your code is ${otp}.").build())).status()).isIn(200, 201);
        assertThat(api.admin("PUT", "/journeys/abuse_sms", journey("abuse_sms", "sms", Json.createObjectBuilder()
                .add("connection", "abuse-sms").add("recipient", "identify.to").add("message", "Your code is ${otp}.")
                .build())).status()).isIn(200, 201);
    }

    // --- journey starts per client address ---

    @Test
    void startsOverTheLimitPerAddressAreRefusedWith429AndRetryAfter() {
        InetAddress client = nextAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(startFrom(client).status()).isEqualTo(200);
        }
        RawHttp.Answer refused = startFrom(client);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().getString("type")).isEqualTo("urn:watchword:problem:rate_limited");
        assertThat(refused.json().getInt("status")).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");

        assertThat(startFrom(nextAddress()).status()).as("another address has its own allowance").isEqualTo(200);
    }

    @Test
    void concurrentStartsFromOneAddressNeverPassTheLimit() throws Exception {
        InetAddress client = nextAddress();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> startFrom(client).status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(9);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- passcodes sent per recipient and per user ---

    @Test
    void aThirdPasscodeToOneRecipientFailsTheStepWithRateLimited() {
        String to = unique("rcpt") + "@example.com";
        assertThat(identify("abuse_email", to, unique("u")).getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        assertThat(identify("abuse_email", to.toUpperCase(), unique("u")).getString("journeyStepId"))
                .as("addresses compare without case").isEqualTo("genericOTPAuthentication");

        JsonObject refused = identify("abuse_email", to, unique("u"));
        assertThat(refused.getString("type")).isEqualTo("journey_rejection");
        assertThat(refused.getJsonObject("errorData").getString("errorCode")).isEqualTo("rate_limited");
        assertThat(refused.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after").longValue())
                .isBetween(1L, 3600L);
        assertThat(outbox(to)).hasSize(1);
    }

    @Test
    void aFourthPasscodeForOneUserFailsTheStepWithRateLimited() {
        String user = unique("user");
        for (int i = 0; i < 3; i++) {
            assertThat(identify("abuse_email", unique("mail") + "@example.com", user).getString("journeyStepId"))
                    .isEqualTo("genericOTPAuthentication");
        }
        JsonObject refused = identify("abuse_email", unique("mail") + "@example.com", user);
        assertThat(refused.getJsonObject("errorData").getString("errorCode")).isEqualTo("rate_limited");
        assertThat(refused.getJsonObject("errorData").getJsonObject("data").containsKey("retry_after")).isTrue();
    }

    @Test
    void aResendOverTheRecipientLimitIsResendTooSoonAndTheLastPasscodeStillWorks() {
        String to = unique("resend") + "@example.com";
        JsonObject otp = identify("abuse_email", to, unique("u"));
        JsonObject resent = api.respond(otp, "resend", null).json();
        assertThat(resent.getString("type")).isEqualTo("client_input_required");

        JsonObject refused = api.respond(resent, "resend", null).json();
        assertThat(refused.getString("type")).isEqualTo("client_input_update_required");
        assertThat(refused.getJsonObject("errorData").getString("errorCode")).isEqualTo("resend_too_soon");
        assertThat(refused.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after").longValue())
                .isBetween(1L, 3600L);
        assertThat(outbox(to)).hasSize(2);

        JsonObject done = api.passcode(refused, passcode(to)).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
    }

    // --- SMS destinations ---

    @Test
    void smsToACountryCodeNotAllowedFailsWithDestinationBlockedAndIsAudited() {
        String user = unique("de");
        JsonObject refused = identify("abuse_sms", "+4915112345678", user);
        assertThat(refused.getString("type")).isEqualTo("journey_rejection");
        JsonObject error = refused.getJsonObject("errorData");
        assertThat(error.getString("errorCode")).isEqualTo("destination_blocked");
        assertThat(error.getJsonObject("data").getString("country_code")).isEqualTo("49");
        assertThat(error.getJsonObject("data").getString("reason")).isEqualTo("not_allowed");
        assertThat(outbox("+4915112345678")).isEmpty();

        JsonArray events = api.admin("GET", "/events?type=sms.destination_blocked&userId=" + user, null).structure().asJsonArray();
        assertThat(events).hasSize(1);
        assertThat(events.getJsonObject(0).getString("flowId")).isEqualTo(refused.getString("flowId"));
        assertThat(events.getJsonObject(0).getJsonObject("details").getString("reason")).isEqualTo("not_allowed");
    }

    @Test
    void unverifiedSmsBlockTheirCountryCodeUntilAnAdminLiftsTheBlock() {
        for (int i = 1; i <= 3; i++) {
            assertThat(identify("abuse_sms", "+3725000000" + i, unique("ee")).getString("journeyStepId"))
                    .isEqualTo("genericOTPAuthentication");
        }
        String user = unique("ee");
        JsonObject refused = identify("abuse_sms", "+37250000004", user);
        JsonObject error = refused.getJsonObject("errorData");
        assertThat(error.getString("errorCode")).isEqualTo("destination_blocked");
        assertThat(error.getJsonObject("data").getString("country_code")).isEqualTo("372");
        assertThat(error.getJsonObject("data").getString("reason")).isEqualTo("low_conversion");
        JsonArray events = api.admin("GET", "/events?type=sms.destination_blocked&userId=" + user, null).structure().asJsonArray();
        assertThat(events).hasSize(1);
        assertThat(events.getJsonObject(0).getJsonObject("details").getString("country_code")).isEqualTo("372");

        JsonObject block = blocks().stream().map(JsonValue::asJsonObject)
                .filter(b -> b.getString("countryCode").equals("372")).findFirst().orElseThrow();
        assertThat(block.getString("reason")).isEqualTo("low_conversion");
        assertThat(block.getString("until").compareTo(block.getString("since"))).isPositive();
        assertThat(block.getString("since")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

        assertThat(identify("abuse_sms", "+37250000005", unique("ee")).getJsonObject("errorData").getString("errorCode"))
                .as("the block holds for the next sends").isEqualTo("destination_blocked");

        assertThat(api.admin("DELETE", "/blocks/372", null).status()).isEqualTo(204);
        assertThat(api.admin("DELETE", "/blocks/372", null).status()).isEqualTo(404);
        assertThat(blocks().stream().map(b -> b.asJsonObject().getString("countryCode"))).doesNotContain("372");
        assertThat(identify("abuse_sms", "+37250000006", unique("ee")).getString("journeyStepId"))
                .as("a lifted code is judged afresh").isEqualTo("genericOTPAuthentication");
    }

    @Test
    void smsThatAreVerifiedKeepTheirCountryCodeOpen() {
        for (int i = 1; i <= 3; i++) {
            String phone = "+4477009000" + (10 + i);
            JsonObject otp = identify("abuse_sms", phone, unique("uk"));
            if (i < 3) {
                assertThat(api.passcode(otp, passcode(phone)).json().getString("type")).isEqualTo("journey_success");
            }
        }
        assertThat(identify("abuse_sms", "+447700900020", unique("uk")).getString("journeyStepId"))
                .as("2 of 3 verified is above the minimum rate of 0.5").isEqualTo("genericOTPAuthentication");
    }

    @Test
    void blocksAnswerProblemsForUnknownCodesAndNeedTheAdminRole() {
        Api.Answer unknown = api.admin("DELETE", "/blocks/999", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(api.admin("DELETE", "/blocks/not-a-code", null).status()).isEqualTo(404);
        assertThat(api.send("GET", "/api/admin/blocks", null, null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/admin/blocks", null, null, Api.basic(Api.GUEST)).status()).isEqualTo(403);
    }

    @Test
    void aLimitThatIsNotNPerDurationStopsTheDeploymentNamingItsKey() {
        // Payara Micro's Arquillian adapter starts a JVM per deployment and does not report a
        // deployment that fails inside it, so there this cannot be observed (the check itself is
        // the same code, unit-tested in AbuseSettingsTest).
        org.junit.jupiter.api.Assumptions.assumeFalse("payara".equals(System.getProperty("arquillian.launch")),
                "Payara Micro's adapter does not surface failed deployments");
        Throwable failure = catchThrowable(() -> deployer.deploy("invalid-limit"));
        try {
            assertThat(failure).isNotNull();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("watchword.ratelimit.start-per-ip");
        } finally {
            try {
                deployer.undeploy("invalid-limit");
            } catch (RuntimeException notDeployed) {
                // a deployment that failed is normally rolled back already
            }
        }
    }

    // --- hardened inputs ---

    @Test
    void bodiesOver64KiBAreRefusedWith413EvenWhenChunked() {
        String big = "{\"additionalParams\":{\"x\":\"" + "a".repeat(70_000) + "\"}}";
        String host = url.getHost() + ":" + url.getPort();
        String target = url.getPath() + "api/journeys/abuse_email/start";
        RawHttp.Answer sized = RawHttp.exchange(nextAddress(), SERVER, url.getPort(), RawHttp.request("POST", target, host,
                Map.of("Content-Type", "application/json"), big));
        assertThat(sized.status()).isEqualTo(413);
        assertThat(sized.header("Content-Type")).startsWith("application/problem+json");

        RawHttp.Answer chunked = RawHttp.exchange(nextAddress(), SERVER, url.getPort(), RawHttp.request("POST", target, host,
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"), RawHttp.chunked(big, 8192)));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.json().getInt("status")).isEqualTo(413);

        RawHttp.Answer smallChunked = RawHttp.exchange(nextAddress(), SERVER, url.getPort(), RawHttp.request("POST", target, host,
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                RawHttp.chunked("{\"additionalParams\":{\"x\":\"small\"}}", 7)));
        assertThat(smallChunked.status()).as("a small chunked body is read as usual").isEqualTo(200);
    }

    @Test
    void apiAnswersAreNeitherCachedNorSniffed() {
        for (Api.Answer a : List.of(api.admin("GET", "/journeys", null), api.send("GET", "/api/.well-known/jwks.json", null, null, null),
                api.send("GET", "/api/nothing-here", null, null, null), api.admin("GET", "/blocks", null))) {
            assertThat(a.header("Cache-Control")).isEqualTo("no-store");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        RawHttp.Answer start = startFrom(nextAddress());
        assertThat(start.header("Cache-Control")).isEqualTo("no-store");
        assertThat(start.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    // --- helpers ---

    /** Starts {@code journeyId} from a fresh address and answers its form with {@code to} and {@code user}. */
    JsonObject identify(String journeyId, String to, String user) {
        RawHttp.Answer started = startFrom(nextAddress(), journeyId);
        assertThat(started.status()).isEqualTo(200);
        Api.Answer a = api.respond(started.json(), "client_input",
                Json.createObjectBuilder().add("to", to).add("user", user).build());
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    RawHttp.Answer startFrom(InetAddress client) {
        return startFrom(client, "abuse_email");
    }

    RawHttp.Answer startFrom(InetAddress client, String journeyId) {
        String host = url.getHost() + ":" + url.getPort();
        return RawHttp.exchange(client, SERVER, url.getPort(),
                RawHttp.request("POST", url.getPath() + "api/journeys/" + journeyId + "/start", host, Map.of(), null));
    }

    static InetAddress nextAddress() {
        int n;
        do {
            n = ADDRESS.incrementAndGet() & 0xFFFFFF;
        } while ((n & 0xFF) < 2 || (n & 0xFF) == 255);
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonArray outbox(String to) {
        return api.admin("GET", "/outbox?limit=200&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null)
                .structure().asJsonArray();
    }

    String passcode(String to) {
        JsonArray messages = outbox(to);
        assertThat(messages).isNotEmpty();
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(messages.getJsonObject(0).getString("text"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    JsonArray blocks() {
        Api.Answer a = api.admin("GET", "/blocks", null);
        assertThat(a.status()).isEqualTo(200);
        return a.structure().asJsonArray();
    }

    static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    }

    static JsonObject journey(String id, String channel, JsonObject settings) {
        return Json.createObjectBuilder().add("id", id).add("start", "identify").add("steps", Json.createObjectBuilder()
                .add("identify", Json.createObjectBuilder().add("type", "form").add("formId", "identify")
                        .add("schema", Json.createObjectBuilder()
                                .add("to", Json.createObjectBuilder().add("type", "string").add("required", true))
                                .add("user", Json.createObjectBuilder().add("type", "string").add("required", true)))
                        .add("output", "identify").add("next", "otp"))
                .add("otp", Json.createObjectBuilder().add("type", "generic_otp_authentication")
                        .add("externalUserId", "identify.user").add("channel", channel).add(channel, settings)
                        .add("failureBehavior", "abort").add("next", "done"))
                .add("done", Json.createObjectBuilder().add("type", "complete"))).build();
    }
}
