package io.watchword.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.it.Api;
import io.watchword.it.PostgresSchema;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.sql.Timestamp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two WildFly servers on one PostgreSQL behave as one Watchword: every piece of state is in
 * the database, so a load balancer may send each request of a flow to either node. Both
 * nodes are started at the same moment on an empty schema (Flyway must migrate once), and
 * node 1 is killed with SIGKILL in the last test, so the order of the tests matters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeIT {

    static final String SCHEMA = System.getProperty("watchword.pg.schema", "watchword_cluster");
    static final int LOCKOUT_THRESHOLD = 3;
    static final AtomicLong USERS = new AtomicLong();
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    static PostgresSchema pg;
    static Map<String, String> env;
    static List<String> props;
    /** The SMS provider of the delivery tests (contract §8): one local HTTP server, a path per connection. */
    static FakeHttpServer sms;
    static WildFlyNode node1;
    static WildFlyNode node2;
    static Api api1;
    static Api api2;

    @BeforeAll
    static void twoNodesOnOneEmptyDatabase() throws Exception {
        pg = PostgresSchema.local();
        assertThat(pg.reachable()).as("PostgreSQL at %s", System.getProperty("watchword.pg.url")).isTrue();
        pg.recreate(SCHEMA);

        Path home = Path.of(System.getProperty("jboss.home"));
        Path war = Path.of(System.getProperty("watchword.war", "target/watchword.war"));
        String[] offsets = System.getProperty("watchword.cluster.offsets", "100,150").split(",");
        Path nodes = war.getParent().resolve("cluster-nodes");
        node1 = new WildFlyNode("node1", home, nodes.resolve("node1"), Integer.parseInt(offsets[0].trim()));
        node2 = new WildFlyNode("node2", home, nodes.resolve("node2"), Integer.parseInt(offsets[1].trim()));
        Runtime.getRuntime().addShutdownHook(new Thread(TwoNodeIT::stopQuietly));

        env = Map.of("WATCHWORD_DB_URL", pg.urlFor(SCHEMA), "WATCHWORD_DB_USER", pg.user(),
                "WATCHWORD_DB_PASSWORD", pg.password());
        // What must be identical on every node behind one load balancer: the settings, and
        // the issuer of completion tokens (by default each node would name its own address).
        props = List.of("-Dwatchword.delivery.breaker.open-for=PT3S", "-Dwatchword.token.issuer=https://login.example.test/watchword", "-Dwatchword.outbox.enabled=true",
                "-Dwatchword.otp.lockout.threshold=" + LOCKOUT_THRESHOLD, "-Dwatchword.otp.resend.cooldown=PT2S",
                "-Dwatchword.ratelimit.start-per-ip=100000/PT1M", "-Dwatchword.ratelimit.sends-per-recipient=100000/PT1M",
                "-Dwatchword.ratelimit.sends-per-user=100000/PT1M", "-Dwatchword.sms.conversion.min-volume=1000000",
                // Both nodes purge every 2 s, so their rounds overlap during purgeDeletesEachExpiredRowOnce.
                "-Dwatchword.retention.interval=PT2S");
        for (WildFlyNode n : List.of(node1, node2)) {
            n.prepare(war);
        }
        // Started together: both deploy, and so migrate, on the empty schema at the same time.
        node1.start(env, props);
        node2.start(env, props);
        node1.awaitDeployed(Duration.ofMinutes(5));
        node2.awaitDeployed(Duration.ofMinutes(5));
        api1 = new Api(node1.url());
        api2 = new Api(node2.url());

        JsonObject outbox = Json.createObjectBuilder().add("name", "cluster-outbox").add("channel", "email")
                .add("provider", "outbox").build();
        assertThat(api1.admin("PUT", "/connections/cluster-outbox", outbox).status()).isIn(200, 201);
        assertThat(api2.admin("PUT", "/journeys/cluster_login", clusterJourney()).status()).isIn(200, 201);
        sms = new FakeHttpServer();
    }

    @AfterAll
    static void stopNodes() {
        stopQuietly();
        if (sms != null) {
            sms.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        try (Connection c = pg.connect(SCHEMA); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version, count(*), bool_and(success) from ww_schema_history"
                     + " where version is not null group by version order by version")) {
            int versions = 0;
            while (rs.next()) {
                versions++;
                assertThat(rs.getInt(2)).as("history rows of version %s", rs.getString(1)).isEqualTo(1);
                assertThat(rs.getBoolean(3)).as("version %s succeeded", rs.getString(1)).isTrue();
            }
            assertThat(versions).isGreaterThanOrEqualTo(1);
        }
        // One node applies the migrations; the other finds the schema up to date — after waiting
        // on Flyway's PostgreSQL advisory lock if their start-ups overlap. Whether they overlap
        // here depends on timing; MigrationTest races two migrations deterministically.
        long applied = 0;
        for (WildFlyNode n : List.of(node1, node2)) {
            if (Files.readString(n.serverLog()).contains("Successfully applied")) {
                applied++;
            }
        }
        assertThat(applied).as("nodes that applied migrations").isEqualTo(1);
    }

    @Test
    @Order(2)
    void aFlowStartedOnNodeOneIsAnsweredOnNodeTwo() throws Exception {
        String user = newUser();
        JsonObject form = api1.start("cluster_login", null).json();
        JsonObject otp = api2.respond(form, "client_input", Api.obj("email", user)).json();
        assertThat(otp.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");

        // The token node 2 rotated is the only one either node accepts now.
        assertThat(api1.respond(form, "client_input", Api.obj("email", user)).status()).isEqualTo(401);

        JsonObject done = api2.passcode(otp, passcode(api1, user)).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
        assertThat(done.getString("flowId")).isEqualTo(form.getString("flowId"));
    }

    @Test
    @Order(3)
    void sixtyFourConcurrentRightSubmissionsAcrossBothNodesSucceedOnce() throws Exception {
        String user = newUser();
        JsonObject otp = api1.respond(api1.start("cluster_login", null).json(), "client_input", Api.obj("email", user))
                .json();
        String code = passcode(api2, user);

        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Api api = i % 2 == 0 ? api1 : api2;
            Callable<Api.Answer> submit = () -> {
                gate.await();
                return api.passcode(otp, code);
            };
            answers.add(pool.submit(submit));
        }
        gate.countDown();
        Map<String, Integer> outcomes = new HashMap<>();
        int successes = 0;
        for (Future<Api.Answer> f : answers) {
            Api.Answer a = f.get();
            String outcome = a.status() == 200 ? a.json().getString("type") : Integer.toString(a.status());
            outcomes.merge(outcome, 1, Integer::sum);
            if (a.status() == 200 && "journey_success".equals(a.json().getString("type"))) {
                successes++;
            } else {
                // The losers are refused as the contract says: the token rotated, or the flow ended.
                assertThat(a.status()).as("a losing submission: %s", a.body()).isIn(401, 409);
                assertThat(a.contentType()).startsWith("application/problem+json");
            }
        }
        pool.shutdown();
        System.out.println("64 concurrent right submissions over two nodes: " + outcomes);
        assertThat(successes).isEqualTo(1);
        assertThat(events(api2, user, "otp.verified")).hasSize(1);
    }

    @Test
    @Order(4)
    void wrongTriesAndLockoutAreCountedAcrossNodes() throws Exception {
        String user = newUser();
        // Each failed passcode takes three wrong tries, alternating nodes.
        for (int flow = 1; flow <= LOCKOUT_THRESHOLD; flow++) {
            Api starter = flow % 2 == 1 ? api1 : api2;
            JsonObject step = starter.respond(starter.start("cluster_login", null).json(), "client_input",
                    Api.obj("email", user)).json();
            String wrong = wrongFor(passcode(starter, user));
            JsonObject once = api1.passcode(step, wrong).json();
            assertThat(once.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);
            JsonObject twice = api2.passcode(once, wrong).json();
            assertThat(twice.getJsonObject("data").getInt("attempts_left")).isEqualTo(1);
            JsonObject failed = api1.passcode(twice, wrong).json();
            assertThat(failed.getString("type")).isEqualTo("journey_rejection");
            assertThat(failed.getJsonObject("errorData").getString("errorCode")).isEqualTo("max_attempts_exceeded");
        }
        int sent = outbox(api1, user).size();

        // The threshold was reached across both nodes: the next flow, on either node, is locked out before a send.
        JsonObject locked = api2.respond(api2.start("cluster_login", null).json(), "client_input",
                Api.obj("email", user)).json();
        assertThat(locked.getString("type")).isEqualTo("journey_rejection");
        assertThat(locked.getJsonObject("errorData").getString("errorCode")).isEqualTo("locked_out");
        assertThat(outbox(api1, user)).hasSize(sent);
        // One event for the lock itself (outcome locked), one for the refused start (outcome refused).
        assertThat(events(api1, user, "user.locked_out").getValuesAs(JsonObject.class)).extracting(e -> e.getString("outcome"))
                .containsExactlyInAnyOrder("locked", "refused");
    }

    @Test
    @Order(5)
    void aTokenSignedOnNodeOneVerifiesWithNodeTwosKeys() throws Exception {
        String user = newUser();
        JsonObject otp = api1.respond(api1.start("cluster_login", null).json(), "client_input", Api.obj("email", user))
                .json();
        String token = api1.passcode(otp, passcode(api1, user)).json().getString("token");

        String jwks1 = api1.send("GET", "/api/.well-known/jwks.json", null, null, null).body();
        Api.Answer jwks2 = api2.send("GET", "/api/.well-known/jwks.json", null, null, null);
        assertThat(jwks2.status()).isEqualTo(200);
        assertThat(JWKSet.parse(jwks2.body()).getKeys()).isEqualTo(JWKSet.parse(jwks1).getKeys());

        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(jwks2.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("node 2 publishes the key %s", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getState()).isEqualTo(JWSObject.State.VERIFIED);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(user);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://login.example.test/watchword");
    }

    @Test
    @Order(8)
    void aSendThatOutlivesItsFlowIsRecordedAndTheFlowAnswersFlowExpired() throws Exception {
        String slow = "cluster-slow-" + RUN;
        sms.on("/" + slow, FakeHttpServer.Response.slow(3000));
        smsConnection(api1, slow, 10_000);
        String journey = smsJourney(api1, "cluster_sms_slow", slow);
        String user = newUser();
        JsonObject form = api1.start(journey, null).json();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<Api.Answer> answer = background.submit(() -> api1.respond(form, "client_input",
                    Json.createObjectBuilder().add("user", user).add("to", phone()).build()));
            awaitRequests("/" + slow, 1);
            // The flow expires while its passcode is on its way (the provider takes 3 s). With the
            // send inside the request's transaction this update would wait for the flow's row lock.
            try (Connection c = pg.connect(SCHEMA);
                 PreparedStatement expire = c.prepareStatement("update ww_flow set expires_at = ? where id = ?")) {
                expire.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(1)));
                expire.setString(2, form.getString("flowId"));
                expire.setQueryTimeout(2);
                assertThat(expire.executeUpdate()).isEqualTo(1);
            }
            Api.Answer a = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(a.status()).as(a.body()).isEqualTo(409);
            assertThat(a.body()).contains("flow_expired");
        } finally {
            background.shutdownNow();
        }
        assertThat(count("select count(*) from ww_flow where status = 'EXPIRED' and id = '" + form.getString("flowId") + "'"))
                .isEqualTo(1);
        // The message did go out: recorded as sent, its limits kept.
        assertThat(events(api2, user, "otp.sent")).hasSize(1);
        assertThat(events(api2, user, "otp.sent").getJsonObject(0).getJsonObject("details").getString("connection"))
                .isEqualTo(slow);
    }

    @Test
    @Order(9)
    void aBreakerOpenedOnNodeOneIsSkippedOnNodeTwoUntilOneTrialClosesIt() throws Exception {
        String a = "cluster-brk-a-" + RUN;
        String b = "cluster-brk-b-" + RUN;
        sms.on("/" + a, FakeHttpServer.Response.json(503, "{\"error\":\"down\"}"));
        smsConnection(api1, a, 2000);
        smsConnection(api1, b, 2000);
        String journey = smsJourney(api1, "cluster_sms_breaker", a, b);
        for (int i = 0; i < 5; i++) {
            assertWaiting(untilPasscode(api1, journey));
        }
        assertThat(sms.requests("/" + a)).hasSize(5);
        JsonObject open = health(api2, a);
        assertThat(open.getString("state")).as(open.toString()).isEqualTo("open");
        assertThat(open.getInt("consecutiveFailures")).isEqualTo(5);

        // Node 2 skips the connection node 1's failures opened: no call, straight to b.
        int bBefore = sms.requests("/" + b).size();
        assertWaiting(untilPasscode(api2, journey));
        assertThat(sms.requests("/" + a)).as("calls to the open connection").hasSize(5);
        assertThat(sms.requests("/" + b)).hasSize(bBefore + 1);

        // The provider recovers; once the open time is up one send tries it, and closes it for both nodes.
        sms.on("/" + a, FakeHttpServer.Response.json(200, "{}"));
        // openUntil is shown in whole seconds (contract §0): the real moment is up to a second later.
        Instant openUntil = Instant.parse(open.getString("openUntil"));
        while (Instant.now().isBefore(openUntil.plusMillis(1300))) {
            Thread.sleep(100);
        }
        assertThat(health(api1, a).getString("state")).isEqualTo("half_open");
        assertWaiting(untilPasscode(api2, journey));
        assertThat(sms.requests("/" + a)).as("the trial").hasSize(6);
        JsonObject closed = health(api1, a);
        assertThat(closed.getString("state")).as(closed.toString()).isEqualTo("closed");
        assertThat(closed.getInt("consecutiveFailures")).isZero();
        assertThat(breakerEvents(api1, "connection.opened", a)).isEqualTo(1);
        assertThat(breakerEvents(api2, "connection.closed", a)).isEqualTo(1);
    }

    @Test
    @Order(20)
    void killingNodeOneMidJourneyLosesNothing() throws Exception {
        String user = newUser();
        JsonObject otp = api1.respond(api1.start("cluster_login", null).json(), "client_input", Api.obj("email", user))
                .json();
        String code = passcode(api1, user);
        JsonObject afterWrongTry = api1.passcode(otp, wrongFor(code)).json();
        assertThat(afterWrongTry.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);

        node1.killHard();
        assertThat(node1.answers()).as("node 1 after kill -9").isFalse();

        // Node 2 carries on where node 1 stopped: same flow, same token, same passcode, one try used.
        JsonObject another = api2.passcode(afterWrongTry, wrongFor(code)).json();
        assertThat(another.getJsonObject("data").getInt("attempts_left")).isEqualTo(1);
        JsonObject done = api2.passcode(another, passcode(api2, user)).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
    }

    @Test
    @Order(21)
    void killingANodeMidSendLeavesTheFlowAnswerableOnTheOtherNode() throws Exception {
        // Node 1 died in the test before: start it again.
        node1.start(env, props);
        node1.awaitDeployed(Duration.ofMinutes(5));
        api1 = new Api(node1.url());
        String hang = "cluster-hang-" + RUN;
        String ok = "cluster-ok-" + RUN;
        sms.on("/" + hang, FakeHttpServer.Response.slow(60_000));
        smsConnection(api1, hang, 2000);
        smsConnection(api1, ok, 2000);
        String journey = smsJourney(api1, "cluster_sms_hang", hang, ok);
        String user = newUser();
        JsonObject form = api1.start(journey, null).json();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            background.submit(() -> api1.respond(form, "client_input", Json.createObjectBuilder().add("user", user).add("to", phone()).build()));
            awaitRequests("/" + hang, 1);
            node1.killHard(); // mid-send: the passcode is issued and committed, the provider never answered
        } finally {
            background.shutdownNow();
        }
        // Until the send is overdue nobody may answer the flow (its node might still report) ...
        assertThat(api2.respond(form, "resend", null).status()).isEqualTo(401);
        // ... then the token the client still holds works again on the other node: a resend goes
        // out (through the hanging connection's 2 s timeout, then the next one).
        Api.Answer resent = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            resent = api2.respond(form, "resend", null);
            if (resent.status() != 401) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(resent).isNotNull();
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        JsonObject waiting = resent.json();
        assertWaiting(waiting);
        List<FakeHttpServer.Request> delivered = sms.requests("/" + ok);
        assertThat(delivered).hasSize(1);
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(java.net.URLDecoder.decode(delivered.get(0).body(),
                StandardCharsets.UTF_8));
        assertThat(code.find()).isTrue();
        assertThat(api2.passcode(waiting, code.group(1)).json().getString("type")).isEqualTo("journey_success");
        node1.killHard();
    }

    @Test
    @Order(6)
    void purgeDeletesEachExpiredRowOnce() throws Exception {
        int rows = 400;
        Instant longAgo = Instant.now().minus(Duration.ofDays(10));
        try (Connection c = pg.connect(SCHEMA);
             PreparedStatement flow = c.prepareStatement("insert into ww_flow (id, journey_id, token_hash, status,"
                     + " variables, created_at, expires_at, ended_at, version) values (?, 'cluster_login', null,"
                     + " 'SUCCESS', '{}', ?, ?, ?, 0)");
             PreparedStatement attempt = c.prepareStatement("insert into ww_otp_attempt (id, flow_id, step_id, user_id,"
                     + " channel, code_hash, failures, max_failures, status, created_at, expires_at, ended_at)"
                     + " values (?, ?, 'otp', 'purged@example.com', 'email', 'x', 0, 3, 'VERIFIED', ?, ?, ?)")) {
            Timestamp t = Timestamp.from(longAgo);
            for (int i = 0; i < rows; i++) {
                String id = "purge-me-" + i;
                flow.setString(1, id);
                flow.setTimestamp(2, t);
                flow.setTimestamp(3, t);
                flow.setTimestamp(4, t);
                flow.addBatch();
                attempt.setString(1, "purge-attempt-" + i);
                attempt.setString(2, id);
                attempt.setTimestamp(3, t);
                attempt.setTimestamp(4, t);
                attempt.setTimestamp(5, t);
                attempt.addBatch();
            }
            flow.executeBatch();
            attempt.executeBatch();
        }
        // A live flow the purge must not touch.
        JsonObject live = api1.start("cluster_login", null).json();

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (count("select count(*) from ww_flow where id like 'purge-me-%'") > 0
                || count("select count(*) from ww_otp_attempt where id like 'purge-attempt-%'") > 0) {
            assertThat(System.nanoTime()).as("the expired rows are purged within 90 s").isLessThan(deadline);
            Thread.sleep(500);
        }
        assertThat(count("select count(*) from ww_flow where id = '" + live.getString("flowId") + "'")).isEqualTo(1);

        // Each row deleted once: what the two nodes say they deleted adds up to what there was
        // (the cluster's own finished flows are recent, so nothing else is old enough to go).
        // A round logs its line when all its tables are done, a moment after the rows are gone.
        long[] deleted = purgeLogTotals();
        while ((deleted[0] < rows || deleted[1] < rows) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            deleted = purgeLogTotals();
        }
        assertThat(deleted[0]).as("flows deleted, by both nodes' logs").isEqualTo(rows);
        assertThat(deleted[1]).as("OTP attempts deleted, by both nodes' logs").isEqualTo(rows);
    }

    /** Flows and OTP attempts the two nodes' retention rounds logged as deleted so far. */
    private static long[] purgeLogTotals() throws Exception {
        long[] deleted = new long[2];
        for (WildFlyNode n : List.of(node1, node2)) {
            String log = Files.readString(n.serverLog());
            assertThat(log).as(n + " log").doesNotContain("Retention round failed");
            Matcher m = PURGE_LINE.matcher(log);
            while (m.find()) {
                deleted[0] += Long.parseLong(m.group(1));
                deleted[1] += Long.parseLong(m.group(2));
            }
        }
        return deleted;
    }

    private static final Pattern PURGE_LINE = Pattern.compile(
            "Retention: \\d+ flows expired, (\\d+) flows, (\\d+) OTP attempts");

    private static long count(String sql) throws Exception {
        try (Connection c = pg.connect(SCHEMA); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- helpers

    static JsonObject clusterJourney() {
        // The example email journey, on the outbox, with failures surfacing as their codes (abort).
        return Json.createReader(new StringReader("""
                {"id": "cluster_login", "start": "identify",
                 "steps": {
                   "identify": {"type": "form", "formId": "identify",
                                "schema": {"email": {"type": "string", "required": true}},
                                "output": "identify", "next": "otp"},
                   "otp": {"type": "generic_otp_authentication", "externalUserId": "identify.email",
                           "channel": "email",
                           "email": {"connection": "cluster-outbox", "recipients": "identify.email",
                                     "subject": "Your code", "senderName": "Cluster",
                                     "body": "Your code is ${otp}."},
                           "failureBehavior": "abort", "next": "done"},
                   "done": {"type": "complete"}}}
                """)).readObject();
    }

    /** An {@code sms_webservice} connection to a path of the fake SMS provider named after it. */
    static void smsConnection(Api api, String name, int timeoutMillis) {
        JsonObject c = Json.createObjectBuilder().add("name", name).add("channel", "sms").add("provider", "sms_webservice")
                .add("settings", Json.createObjectBuilder().add("url", sms.baseUrl() + "/" + name)
                        .add("headers", Json.createObjectBuilder().add("Content-Type", "application/x-www-form-urlencoded"))
                        .add("bodyTemplate", "to=${to}&text=${text}").add("timeoutMillis", timeoutMillis))
                .build();
        Api.Answer a = api.admin("PUT", "/connections/" + name, c);
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    /** An SMS journey over {@code connections} in order, failures aborting with their codes; returns its id. */
    static String smsJourney(Api api, String prefix, String... connections) {
        String id = prefix + "_" + RUN;
        var names = Json.createArrayBuilder();
        for (String c : connections) {
            names.add(c);
        }
        JsonObject j = Json.createObjectBuilder().add("id", id).add("start", "identify")
                .add("steps", Json.createObjectBuilder()
                        .add("identify", Json.createObjectBuilder().add("type", "form").add("formId", "identify")
                                .add("schema", Json.createObjectBuilder()
                                        .add("user", Json.createObjectBuilder().add("type", "string").add("required", true))
                                        .add("to", Json.createObjectBuilder().add("type", "string").add("required", true)))
                                .add("output", "identify").add("next", "otp"))
                        .add("otp", Json.createObjectBuilder().add("type", "generic_otp_authentication")
                                .add("externalUserId", "identify.user").add("channel", "sms")
                                .add("sms", (connections.length == 1 ? Json.createObjectBuilder().add("connection", connections[0])
                                        : Json.createObjectBuilder().add("connection", names)).add("recipient", "identify.to")
                                        .add("message", "Your code is ${otp}"))
                                .add("failureBehavior", "abort").add("next", "done"))
                        .add("done", Json.createObjectBuilder().add("type", "complete")))
                .build();
        Api.Answer a = api.admin("PUT", "/journeys/" + id, j);
        assertThat(a.status()).as(a.body()).isIn(200, 201);
        return id;
    }

    /** A new user's journey up to its passcode step. */
    static JsonObject untilPasscode(Api api, String journey) {
        JsonObject form = api.start(journey, null).json();
        Api.Answer a = api.respond(form, "client_input", Json.createObjectBuilder().add("user", newUser()).add("to", phone()).build());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    static void assertWaiting(JsonObject r) {
        assertThat(r.getString("type")).as(r.toString()).isEqualTo("client_input_required");
        assertThat(r.getString("journeyStepId")).as(r.toString()).isEqualTo("genericOTPAuthentication");
    }

    static JsonObject health(Api api, String connection) {
        Api.Answer a = api.admin("GET", "/connections/" + connection, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().getJsonObject("health");
    }

    static long breakerEvents(Api api, String type, String connection) {
        return api.admin("GET", "/events?limit=500&type=" + type, null).structure().asJsonArray()
                .getValuesAs(JsonObject.class).stream()
                .filter(e -> connection.equals(e.getJsonObject("details").getString("connection", null))).count();
    }

    static void awaitRequests(String path, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sms.requests(path).size() < n) {
            assertThat(System.nanoTime()).as("%d requests to %s", n, path).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static String phone() {
        return "+1555" + (1_000_000 + (USERS.incrementAndGet() * 7919) % 9_000_000);
    }

    static String newUser() {
        return "user" + USERS.incrementAndGet() + "-" + RUN + "@cluster.example";
    }

    static String wrongFor(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    static JsonArray outbox(Api api, String to) {
        return api.admin("GET", "/outbox?limit=200&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null)
                .structure().asJsonArray();
    }

    /** The newest passcode sent to {@code to}, read from the shared outbox through either node. */
    static String passcode(Api api, String to) {
        JsonArray messages = outbox(api, to);
        assertThat(messages).as("messages to %s", to).isNotEmpty();
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(messages.getJsonObject(0).getString("text"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static JsonArray events(Api api, String user, String type) {
        return api.admin("GET", "/events?limit=200&type=" + type + "&userId="
                + URLEncoder.encode(user, StandardCharsets.UTF_8), null).structure().asJsonArray();
    }

    static void stopQuietly() {
        for (WildFlyNode n : new WildFlyNode[] {node1, node2}) {
            if (n != null) {
                try {
                    n.killHard();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
