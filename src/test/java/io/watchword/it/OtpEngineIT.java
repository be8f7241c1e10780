package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.otp.control.Lockouts;
import io.watchword.otp.control.OtpService;
import io.watchword.otp.control.Verdict;
import io.watchword.otp.control.VerifyOutcome;
import io.watchword.otp.control.VerifyOutcome.Kind;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OTP engine's rules proven in the real server: over HTTP as a client sees them
 * ({@code @RunAsClient}), and in the container where the service and the rows themselves
 * are at hand (concurrent verifies, expiry, what the database holds). Passcodes travel
 * through an {@code outbox} connection and are read back with {@code GET /api/admin/outbox}.
 * Every test works on its own users, so the tests do not depend on each other's order.
 */
@ExtendWith(ArquillianExtension.class)
class OtpEngineIT {

    static final String JOURNEY = "otp_engine_email";
    static final String UNDELIVERABLE = "otp_engine_undeliverable";
    static final String OUTBOX = "otp-engine-outbox";
    static final String CLOSED_SMTP = "otp-engine-closed-smtp";
    static final int THREADS = 32;
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @ArquillianResource
    URL base;

    @Inject
    OtpService otp;

    @Inject
    Lockouts lockouts;

    @Inject
    OtpEngineProbe probe;

    @Deployment
    static WebArchive deployment() {
        return Deployments.watchword()
                .addClasses(OtpEngineProbe.class, Api.class, Api.Answer.class, Deployments.class)
                .addAsLibraries(jarOf(Assertions.class));
    }

    // ---- over HTTP, as a client -------------------------------------------------------

    @Test
    @RunAsClient
    void theRightPasscodeSentByThirtyTwoConcurrentRequestsSucceedsExactlyOnce() throws Exception {
        Api api = api();
        String user = newUser();
        JsonObject otpStep = start(api, user);
        String code = lastCode(api, user);
        String flowId = otpStep.getString("flowId");
        String token = otpStep.getString("interactionToken");

        List<Api.Answer> answers = concurrently(() -> api.respond(flowId, token, "client_input",
                Json.createObjectBuilder().add("passcode", code).build()));

        List<Api.Answer> successes = answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(successes).hasSize(1);
        assertThat(successes.get(0).json().getString("type")).isEqualTo("journey_success");
        assertThat(answers.stream().filter(a -> a.status() != 200))
                .hasSize(THREADS - 1)
                .allSatisfy(a -> {
                    assertThat(a.status()).isIn(401, 409);
                    assertThat(a.contentType()).startsWith("application/problem+json");
                });
        assertThat(types(events(api, user), "otp.verified")).hasSize(1);
    }

    @Test
    @RunAsClient
    void fiveExhaustedPasscodesLockTheUserBeforeAnythingIsSentAndRefuseAWaitingFlow() {
        Api api = api();
        String user = newUser();
        JsonObject waiting = start(api, user);
        String waitingCode = lastCode(api, user);

        for (int flow = 1; flow <= 5; flow++) {
            JsonObject step = start(api, user);
            assertThat(step.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
            String wrong = wrong(lastCode(api, user));
            JsonObject first = api.passcode(step, wrong).json();
            assertThat(first.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
            assertThat(first.getJsonObject("errorData").getJsonObject("data").getInt("attempts_left")).isEqualTo(2);
            assertThat(first.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);
            JsonObject second = api.passcode(first, wrong).json();
            assertThat(second.getJsonObject("data").getInt("attempts_left")).isEqualTo(1);
            JsonObject third = api.passcode(second, wrong).json();
            assertThat(third.getString("type")).isEqualTo("journey_rejection");
            assertThat(third.getJsonObject("errorData").getString("errorCode")).isEqualTo("max_attempts_exceeded");
        }
        int mailsBefore = outbox(api, user).size();
        assertThat(mailsBefore).isEqualTo(6);

        JsonObject sixth = api.start(JOURNEY, params(user)).json();
        assertThat(sixth.getString("type")).isEqualTo("journey_rejection");
        assertThat(sixth.getJsonObject("errorData").getString("errorCode")).isEqualTo("locked_out");
        assertThat(outbox(api, user)).hasSize(mailsBefore);

        JsonObject refused = api.passcode(waiting, waitingCode).json();
        assertThat(refused.getString("type")).isEqualTo("journey_rejection");
        assertThat(refused.getJsonObject("errorData").getString("errorCode")).isEqualTo("locked_out");

        JsonArray events = events(api, user);
        assertThat(types(events, "otp.sent")).hasSize(6);
        assertThat(types(events, "otp.invalid_attempt")).hasSize(10);
        assertThat(types(events, "otp.max_attempts_exceeded")).hasSize(5);
        assertThat(types(events, "user.locked_out")).extracting(e -> e.getString("outcome"))
                .containsExactlyInAnyOrder("locked", "refused", "refused");
    }

    @Test
    @RunAsClient
    void aResendReplacesThePasscodeWithinCooldownAndLimit() throws Exception {
        Api api = api();
        String user;
        JsonObject step;
        JsonObject tooSoon;
        for (int tries = 1; ; tries++) {
            // The cooldown is 2 s: only a resend answered within 2 s of asking for the first
            // send can be judged "too soon". A loaded machine may be slower; then try afresh.
            long asked = System.nanoTime();
            user = newUser();
            step = start(api, user);
            tooSoon = api.respond(step, "resend", null).json();
            if (System.nanoTime() - asked < 1_900_000_000L) {
                break;
            }
            assertThat(tries).as("the server never answered fast enough to judge a 2 s cooldown").isLessThan(5);
        }
        assertThat(step.getJsonObject("data").getInt("resend_in")).isEqualTo(2);
        assertThat(step.getJsonObject("data").getInt("resends_left")).isEqualTo(3);
        String first = lastCode(api, user);

        assertThat(tooSoon.getString("type")).isEqualTo("client_input_update_required");
        assertThat(tooSoon.getJsonObject("errorData").getString("errorCode")).isEqualTo("resend_too_soon");
        long retryAfter = tooSoon.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after").longValue();
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(tooSoon.getJsonObject("data").getInt("resends_left")).isEqualTo(3);
        assertThat(outbox(api, user)).hasSize(1);

        JsonObject resent = resendAfterCooldown(api, tooSoon);
        assertThat(resent.getString("type")).isEqualTo("client_input_required");
        assertThat(resent.getJsonObject("data").getInt("resends_left")).isEqualTo(2);
        assertThat(resent.getJsonObject("data").getInt("resend_in")).isEqualTo(2);
        assertThat(resent.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
        String second = lastCode(api, user);
        while (second.equals(first)) { // one chance in a million: the old code must differ to prove anything
            resent = resendAfterCooldown(api, resent);
            second = lastCode(api, user);
        }

        JsonObject oldCode = api.passcode(resent, first).json();
        assertThat(oldCode.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
        assertThat(oldCode.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);

        JsonObject last = oldCode;
        while (last.getJsonObject("data").getInt("resends_left") > 0) {
            last = resendAfterCooldown(api, last);
            assertThat(last.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
        }
        int sent = outbox(api, user).size();
        Thread.sleep(2_100); // the cooldown is over: the limit alone refuses
        JsonObject limit = api.respond(last, "resend", null).json();
        assertThat(limit.getJsonObject("errorData").getString("errorCode")).isEqualTo("max_resend_reached");
        JsonObject limitAgain = api.respond(limit, "resend", null).json();
        assertThat(limitAgain.getJsonObject("errorData").getString("errorCode")).isEqualTo("max_resend_reached");
        assertThat(outbox(api, user)).hasSize(sent);

        JsonObject done = api.passcode(limitAgain, lastCode(api, user)).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
        JsonArray events = events(api, user);
        assertThat(types(events, "otp.sent")).hasSize(1);
        assertThat(types(events, "otp.resent")).hasSize(sent - 1);
        assertThat(types(events, "otp.verified")).hasSize(1);
    }

    @Test
    @RunAsClient
    void aPasscodeThatCannotBeDeliveredFailsTheStepAndIsAudited() {
        Api api = api();
        String user = newUser();
        JsonObject r = api.start(UNDELIVERABLE, params(user)).json();
        assertThat(r.getString("type")).isEqualTo("journey_rejection");
        assertThat(r.getJsonObject("errorData").getString("errorCode")).isEqualTo("provider_error");
        assertThat(types(events(api, user), "otp.delivery_failed")).hasSize(1);
    }

    @Test
    @RunAsClient
    void thePasscodeOfAnotherFlowIsAWrongTry() {
        Api api = api();
        String user = newUser();
        JsonObject mine = start(api, user);
        String myCode = lastCode(api, user);
        String other = newUser();
        start(api, other);
        String otherCode = lastCode(api, other);
        if (otherCode.equals(myCode)) {
            otherCode = wrong(myCode);
        }
        JsonObject r = api.passcode(mine, otherCode).json();
        assertThat(r.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
        assertThat(api.passcode(r, myCode).json().getString("type")).isEqualTo("journey_success");
    }

    // ---- in the container ---------------------------------------------------------------

    @Test
    void thirtyTwoConcurrentVerifiesOfTheRightCodeVerifyExactlyOnce() throws Exception {
        OtpService.Issued issued = otp.issue("race-" + UUID.randomUUID(), "otp", newUser(), "email");

        Map<Kind, Long> tally = tally(concurrently(() -> otp.verify(issued.attemptId(), issued.passcode())));

        assertThat(tally).containsEntry(Kind.VERIFIED, 1L).containsEntry(Kind.CLOSED, (long) THREADS - 1);
        assertThat(otp.verify(issued.attemptId(), issued.passcode()).kind()).isEqualTo(Kind.CLOSED);
    }

    @Test
    void thirtyTwoConcurrentWrongCodesNeverCountMoreThanMaxFailures() throws Exception {
        OtpService.Issued issued = otp.issue("guess-" + UUID.randomUUID(), "otp", newUser(), "email");
        int max = issued.maxFailures();
        String wrong = wrong(issued.passcode());

        List<VerifyOutcome> outcomes = concurrently(() -> otp.verify(issued.attemptId(), wrong));

        Map<Kind, Long> tally = tally(outcomes);
        assertThat(tally.getOrDefault(Kind.EXHAUSTED, 0L)).isEqualTo(1);
        assertThat(tally.getOrDefault(Kind.INVALID, 0L)).isEqualTo(max - 1);
        assertThat(tally.getOrDefault(Kind.CLOSED, 0L)).isEqualTo(THREADS - max);
        assertThat(tally).doesNotContainKey(Kind.VERIFIED);
        assertThat(outcomes.stream().filter(o -> o.kind() == Kind.INVALID).map(VerifyOutcome::attemptsLeft))
                .containsExactlyInAnyOrderElementsOf(range(1, max - 1));
        assertThat(probe.storedFailures(issued.attemptId())).isEqualTo(max);
        assertThat(otp.verify(issued.attemptId(), issued.passcode()).kind()).isEqualTo(Kind.CLOSED);
    }

    @Test
    void concurrentlyExhaustedPasscodesOfOneUserLockItExactlyOnce() throws Exception {
        String user = newUser();
        int threshold = otp.policy().lockoutThreshold();
        assertThat(lockouts.recordExhausted(user)).isFalse(); // the user's row exists: each thread reads it first

        List<Boolean> locked = concurrently(threshold - 1, () -> probe.checkThenRecordExhausted(user));

        assertThat(locked).containsOnlyOnce(true);
        assertThat(lockouts.standing(user).locked()).isTrue();
        probe.endLockOf(user);
        assertThat(lockouts.standing(user).locked()).isFalse();
    }

    @Test
    void aSuccessResetsTheRunOfExhaustedPasscodes() {
        String user = newUser();
        int threshold = otp.policy().lockoutThreshold();
        for (int i = 1; i < threshold; i++) {
            assertThat(lockouts.recordExhausted(user)).isFalse();
        }
        lockouts.recordSuccess(user);
        for (int i = 1; i < threshold; i++) {
            assertThat(lockouts.recordExhausted(user)).isFalse();
        }
        assertThat(lockouts.standing(user).locked()).isFalse();
        assertThat(lockouts.recordExhausted(user)).isTrue();
        assertThat(lockouts.standing(user).locked()).isTrue();
    }

    @Test
    void aPasscodeIsAcceptedOnceOnlyForItsOwnAttemptAndNotAfterAResend() {
        String user = newUser();
        String flow = "once-" + UUID.randomUUID();
        OtpService.Issued replaced = otp.issue(flow, "otp", user, "email");
        OtpService.Issued current = otp.issue(flow, "otp", user, "email");
        assertThat(otp.verify(replaced.attemptId(), replaced.passcode()).kind()).isEqualTo(Kind.CLOSED);
        if (!replaced.passcode().equals(current.passcode())) {
            assertThat(otp.verify(current.attemptId(), replaced.passcode()))
                    .isEqualTo(new VerifyOutcome(Kind.INVALID, current.maxFailures() - 1));
        }
        assertThat(otp.verify(current.attemptId(), current.passcode()).kind()).isEqualTo(Kind.VERIFIED);
        assertThat(otp.verify(current.attemptId(), current.passcode()).kind()).isEqualTo(Kind.CLOSED);
    }

    @Test
    void anExpiredPasscodeUsesNoTryAResendWorksAndNoTableButTheOutboxHoldsAPasscode() throws Exception {
        Api api = api();
        String user = newUser();
        JsonObject step = start(api, user);
        String flowId = step.getString("flowId");
        String first = lastCode(api, user);
        JsonObject wrongTry = api.passcode(step, wrong(first)).json();
        assertThat(wrongTry.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);

        assertThat(probe.expirePasscodesOf(flowId)).isEqualTo(1);
        JsonObject expired = api.passcode(wrongTry, first).json();
        assertThat(expired.getString("type")).isEqualTo("client_input_update_required");
        assertThat(expired.getJsonObject("errorData").getString("errorCode")).isEqualTo("expired_otp_passcode");
        assertThat(expired.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);

        JsonObject resent = resendAfterCooldown(api, expired);
        assertThat(resent.getString("type")).isEqualTo("client_input_required");
        assertThat(resent.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
        assertThat(resent.getJsonObject("data").getInt("expires_in")).isPositive();
        String second = lastCode(api, user);
        JsonObject done = api.passcode(resent, second).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");

        JsonArray events = events(api, user);
        assertThat(events.getValuesAs(JsonObject.class)).extracting(e -> e.getString("type"))
                .contains("otp.sent", "otp.invalid_attempt", "otp.expired", "otp.resent", "otp.verified");

        List<String> codes = List.of(first, second);
        assertThat(probe.rows("select * from ww_otp_attempt where flow_id = ?1", flowId))
                .hasSize(2).allSatisfy(row -> assertThat(row).doesNotContain(codes));
        assertThat(probe.rows("select * from ww_flow where id = ?1", flowId))
                .hasSize(1).allSatisfy(row -> assertThat(row).doesNotContain(codes));
        assertThat(probe.rows("select * from ww_audit_event where user_id = ?1", user))
                .hasSize(events.size()).allSatisfy(row -> assertThat(row).doesNotContain(codes));
        assertThat(events.toString()).doesNotContain(codes);
        assertThat(probe.rows("select id, recipient, channel, subject, sent_at from ww_outbox_message where recipient = ?1", user))
                .hasSize(2).allSatisfy(row -> assertThat(row).doesNotContain(codes));
        assertThat(probe.rows("select text from ww_outbox_message where recipient = ?1 order by id", user))
                .containsExactly("Your code is " + first + ".", "Your code is " + second + ".");
    }

    @Test
    void anExpiredPasscodeWithNoResendLeftFailsTheStep() throws Exception {
        Api api = api();
        String user = newUser();
        JsonObject last = start(api, user);
        while (last.getJsonObject("data").getInt("resends_left") > 0) {
            last = resendAfterCooldown(api, last);
        }
        probe.expirePasscodesOf(last.getString("flowId"));
        JsonObject r = api.passcode(last, lastCode(api, user)).json();
        assertThat(r.getString("type")).isEqualTo("journey_rejection");
        assertThat(r.getJsonObject("errorData").getString("errorCode")).isEqualTo("expired_otp_passcode");
    }

    @Test
    void aLockEndsByItselfAndTheUserGetsAPasscodeAgain() {
        Api api = api();
        String user = newUser();
        int threshold = otp.policy().lockoutThreshold();
        for (int i = 0; i < threshold; i++) {
            lockouts.recordExhausted(user);
        }
        JsonObject refused = api.start(JOURNEY, params(user)).json();
        assertThat(refused.getJsonObject("errorData").getString("errorCode")).isEqualTo("locked_out");
        assertThat(outbox(api, user)).isEmpty();

        probe.endLockOf(user);
        assertThat(lockouts.recordExhausted(user)).isFalse();
        assertThat(probe.lockout(user).consecutiveFailures()).isEqualTo(1);
        JsonObject step = start(api, user);
        assertThat(api.passcode(step, lastCode(api, user)).json().getString("type")).isEqualTo("journey_success");
        assertThat(probe.lockout(user).consecutiveFailures()).isZero();
    }

    /**
     * A brand-new user's lockout row is created inside the request's transaction: sends and wrong
     * tries racing to create it all succeed (none rolled back by a duplicate key), one row
     * results, and no creator resets the tries another has counted.
     */
    @Test
    void concurrentFirstSendsAndWrongTriesOfANewUserShareOneRowAndLoseNoCount() throws Exception {
        String user = newUser();
        int wrongTries = Math.min(4, otp.policy().maxFailedTries() - 1);
        AtomicInteger next = new AtomicInteger();
        List<String> results = concurrently(12, () -> next.getAndIncrement() < wrongTries
                ? "wrong try locks: " + lockouts.recordWrongTry(user, false)
                : "send locked: " + probe.lockedForSendHeld(user));
        assertThat(results).containsOnly("wrong try locks: false", "send locked: false").hasSize(12);
        assertThat(probe.rows("select user_id from ww_user_lockout where user_id = ?1", user)).containsExactly(user);
        assertThat(probe.lockout(user).failedTries()).isEqualTo(wrongTries);
    }

    @Test
    void theVerdictCountsEveryWrongTryForTheUserAndSaysWhenOneLocksIt() {
        String user = newUser();
        int maxFailedTries = otp.policy().maxFailedTries();
        OtpService.Issued malformedFirst = otp.issue("verdict-" + UUID.randomUUID(), "otp", user, "email");
        Verdict malformed = otp.check(malformedFirst.attemptId(), user, "12ab");
        assertThat(malformed.kind()).isEqualTo(Verdict.Kind.MALFORMED);
        assertThat(malformed.attemptsLeft()).isEqualTo(malformedFirst.maxFailures()); // no try used
        Verdict last = null;
        for (int tries = 0; tries < maxFailedTries; tries++) {
            OtpService.Issued issued = otp.issue("verdict-" + UUID.randomUUID(), "otp", user, "email");
            last = otp.check(issued.attemptId(), user, wrong(issued.passcode()));
            assertThat(last.kind()).isEqualTo(Verdict.Kind.INVALID);
            assertThat(last.lockedNow()).isEqualTo(tries == maxFailedTries - 1);
        }
        assertThat(last.lockedUntil()).isAfter(java.time.Instant.now());
        OtpService.Issued afterLock = otp.issue("verdict-" + UUID.randomUUID(), "otp", user, "email");
        Verdict refused = otp.check(afterLock.attemptId(), user, afterLock.passcode());
        assertThat(refused.kind()).isEqualTo(Verdict.Kind.LOCKED_OUT);
        assertThat(refused.lockedUntil()).isEqualTo(last.lockedUntil());
        probe.endLockOf(user);
        assertThat(otp.check(afterLock.attemptId(), user, afterLock.passcode()).kind()).isEqualTo(Verdict.Kind.VERIFIED);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * The deployment's API, from the test JVM or from inside the server. Arquillian knows the
     * deployment's URL on every server (WildFly's port offset, Payara Micro's random port) and
     * resolves it for in-container tests too (asking the test JVM), so nothing here guesses a port.
     */
    Api api() {
        Api api = new Api(base);
        ensureJourneys(api);
        return api;
    }

    /** The outbox connection, an SMTP connection to a closed port, and journeys using each (idempotent). */
    static void ensureJourneys(Api api) {
        put(api, "/connections/" + OUTBOX, Json.createObjectBuilder().add("name", OUTBOX).add("channel", "email")
                .add("provider", "outbox").add("settings", JsonValue.EMPTY_JSON_OBJECT).build());
        put(api, "/connections/" + CLOSED_SMTP, Json.createObjectBuilder().add("name", CLOSED_SMTP)
                .add("channel", "email").add("provider", "smtp").add("settings", Json.createObjectBuilder()
                        .add("host", "127.0.0.1").add("port", 1).add("fromAddress", "login@acme.test")
                        .add("security", "none").add("timeoutMillis", 2000)).build());
        put(api, "/journeys/" + JOURNEY, journey(JOURNEY, OUTBOX));
        put(api, "/journeys/" + UNDELIVERABLE, journey(UNDELIVERABLE, CLOSED_SMTP));
    }

    /** Straight to the OTP step for the user named in the start request; a failure aborts with its code. */
    static JsonObject journey(String id, String connection) {
        String user = "@policy.request().params.email";
        return Json.createObjectBuilder().add("id", id).add("start", "otp").add("steps", Json.createObjectBuilder()
                .add("otp", Json.createObjectBuilder().add("type", "generic_otp_authentication")
                        .add("externalUserId", user).add("channel", "email")
                        .add("email", Json.createObjectBuilder().add("connection", connection).add("recipients", user)
                                .add("subject", "Your code").add("senderName", "Watchword tests")
                                .add("body", "Your code is ${otp}."))
                        .add("failureBehavior", "abort").add("next", "done"))
                .add("done", Json.createObjectBuilder().add("type", "complete"))).build();
    }

    static void put(Api api, String path, JsonObject body) {
        Api.Answer a = api.admin("PUT", path, body);
        assertThat(a.status()).as("PUT %s: %s", path, a.body()).isIn(200, 201);
    }

    static String newUser() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "@example.com";
    }

    static JsonObject params(String user) {
        return Json.createObjectBuilder().add("additionalParams", Api.obj("email", user)).build();
    }

    static JsonObject start(Api api, String user) {
        Api.Answer a = api.start(JOURNEY, params(user));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonObject r = a.json();
        assertThat(r.getString("journeyStepId")).as(a.body()).isEqualTo("genericOTPAuthentication");
        return r;
    }

    static JsonArray outbox(Api api, String user) {
        return (JsonArray) api.admin("GET", "/outbox?limit=200&to=" + user, null).structure();
    }

    /** The passcode of the newest message to the user. */
    static String lastCode(Api api, String user) {
        JsonArray messages = outbox(api, user);
        assertThat(messages).as("messages to %s", user).isNotEmpty();
        Matcher m = CODE.matcher(messages.getJsonObject(0).getString("text"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    static JsonArray events(Api api, String user) {
        return (JsonArray) api.admin("GET", "/events?limit=500&userId=" + user, null).structure();
    }

    static List<JsonObject> types(JsonArray events, String type) {
        return events.getValuesAs(JsonObject.class).stream().filter(e -> type.equals(e.getString("type"))).toList();
    }

    /** Asks for a resend, waiting out the cooldown the server names in retry_after. */
    static JsonObject resendAfterCooldown(Api api, JsonObject previous) throws InterruptedException {
        JsonObject r = api.respond(previous, "resend", null).json();
        for (int i = 0; i < 10 && r.containsKey("errorData")
                && "resend_too_soon".equals(r.getJsonObject("errorData").getString("errorCode")); i++) {
            Thread.sleep(r.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after").longValue() * 1000);
            r = api.respond(r, "resend", null).json();
        }
        assertThat(r.containsKey("errorData")).as(r.toString()).isFalse();
        return r;
    }

    static <T> List<T> concurrently(Callable<T> task) throws Exception {
        return concurrently(THREADS, task);
    }

    /** Runs the task on n threads released at the same moment. */
    static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Map<Kind, Long> tally(List<VerifyOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(VerifyOutcome::kind, () -> new EnumMap<>(Kind.class),
                Collectors.counting()));
    }

    static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }

    static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
