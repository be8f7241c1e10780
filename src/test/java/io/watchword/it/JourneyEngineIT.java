package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.TestKeys;
import io.watchword.platform.Jws;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The journey engine over HTTP in the real WildFly: the example journeys, the failure rules,
 * the client protocol's refusals, expressions, the admin journey API and the completion token.
 * Email and SMS go to {@code outbox} connections (passcodes read back from the outbox);
 * push goes to an APNs double in this JVM, because a push token is looked up for the
 * connection's provider and no token can be registered for {@code outbox}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JourneyEngineIT {

    private static final Pattern PASSCODE = Pattern.compile("\\b(\\d{6})\\b");
    private static FakeHttpServer apns;

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClass(FlowClock.class);
    }

    @BeforeAll
    static void startApns() throws Exception {
        apns = new FakeHttpServer();
    }

    @AfterAll
    static void stopApns() {
        apns.close();
    }

    @BeforeEach
    void demoConnections() {
        api = new Api(url);
        Examples.ensure(api);
        for (String channel : List.of("email", "sms")) {
            putConnection(Json.createObjectBuilder().add("name", "demo-" + channel).add("channel", channel)
                    .add("provider", "outbox").build());
        }
        putConnection(Json.createObjectBuilder().add("name", "demo-push").add("channel", "push").add("provider", "apns")
                .add("settings", Json.createObjectBuilder().add("teamId", "TEAM123456").add("keyId", "KEY7890AB")
                        .add("topic", "com.acme.app").add("environment", "sandbox").add("baseUrl", apns.baseUrl()))
                .add("secrets", Json.createObjectBuilder().add("privateKey", Jws.pem(TestKeys.ecP256().getPrivate())))
                .build());
    }

    // ---------------------------------------------------------------- the example journeys

    // Loading the examples at start is for development mode only: SecurityIT covers it.

    @Test
    void emailJourneySucceedsWithATokenThatVerifiesAgainstTheJwks() throws Exception {
        String email = "jane." + unique() + "@example.com";
        JsonObject form = ok(api.start("otp_login_email", null));
        assertThat(form.getString("type")).isEqualTo("client_input_required");
        assertThat(form.getString("journeyStepId")).isEqualTo("identify");
        assertThat(form.getJsonObject("data").getString("formId")).isEqualTo("identify");
        assertThat(form.getJsonObject("clientResponseOptions").getJsonObject("client_input").getJsonObject("schema"))
                .isEqualTo(sq("{'email':{'type':'string','required':true}}"));

        JsonObject otp = ok(api.respond(form, "client_input", Api.obj("email", email)));
        assertThat(otp.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        assertThat(otp.getJsonObject("data").getString("channel")).isEqualTo("email");
        assertThat(otp.getString("interactionToken")).isNotEqualTo(form.getString("interactionToken"));

        JsonObject done = ok(api.passcode(otp, passcodeFromOutbox(email)));
        assertThat(done.getString("type")).isEqualTo("journey_success");
        assertThat(done.getString("journeyStepId")).isEqualTo("action:success");
        assertThat(done.getString("flowId")).isEqualTo(form.getString("flowId"));
        assertThat(done.containsKey("interactionToken")).isFalse();
        assertThat(done.containsKey("errorData")).isFalse();

        JWTClaimsSet claims = verifiedClaims(done.getString("token"));
        // outside development mode the issuer is configured, never taken from the request (pom: wildfly.test.mode-args)
        assertThat(claims.getIssuer()).isEqualTo("https://login.example.test/watchword");
        assertThat(claims.getSubject()).isEqualTo(email);
        assertThat(claims.getAudience()).containsExactly("watchword");
        assertThat(claims.getStringListClaim("amr")).containsExactly("otp", "email");
        assertThat(claims.getStringClaim("journey")).isEqualTo("otp_login_email");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000L);
        assertThat(claims.getIssueTime().getTime()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void smsJourneySucceeds() throws Exception {
        String phone = phone();
        JsonObject otp = otpStep("otp_login_sms", "phone", phone);
        assertThat(otp.getJsonObject("data").getString("channel")).isEqualTo("sms");
        assertThat(otp.getJsonObject("data").getString("recipient")).startsWith("+1\u2022").endsWith(phone.substring(8))
                .doesNotContain(phone.substring(2, 8));

        JsonObject done = ok(api.passcode(otp, passcodeFromOutbox(phone)));

        assertThat(done.getString("type")).isEqualTo("journey_success");
        JWTClaimsSet claims = verifiedClaims(done.getString("token"));
        assertThat(claims.getSubject()).isEqualTo(phone);
        assertThat(claims.getStringListClaim("amr")).containsExactly("otp", "sms");
        assertThat(claims.getStringClaim("journey")).isEqualTo("otp_login_sms");
    }

    @Test
    void pushJourneySucceedsWithTheUsersRegisteredDevice() throws Exception {
        String user = "user-" + unique();
        String device = "a1b2c3d4" + unique() + unique();
        Api.Answer registered = api.send("POST", "/api/push-tokens", Json.createObjectBuilder().add("userId", user)
                .add("token", device).add("provider", "apns").add("deviceName", "Jane's iPhone").build().toString(),
                "application/json", Api.basic(Api.ADMIN));
        assertThat(registered.status()).isEqualTo(201);

        JsonObject otp = otpStep("otp_login_push", "userId", user);
        assertThat(otp.getJsonObject("data").getString("channel")).isEqualTo("push");
        assertThat(otp.getJsonObject("data").getString("recipient")).isEqualTo("your device");

        List<FakeHttpServer.Request> sent = apns.requests("/3/device/" + device);
        assertThat(sent).hasSize(1);
        JsonObject alert = json(sent.get(0).body()).getJsonObject("aps").getJsonObject("alert");
        assertThat(alert.getString("title")).isEqualTo("Acme sign-in");
        JsonObject done = ok(api.passcode(otp, passcodeIn(alert.getString("body"))));

        assertThat(done.getString("type")).isEqualTo("journey_success");
        JWTClaimsSet claims = verifiedClaims(done.getString("token"));
        assertThat(claims.getSubject()).isEqualTo(user);
        assertThat(claims.getStringListClaim("amr")).containsExactly("otp", "push");
    }

    @Test
    void pushJourneyWithoutADeviceTakesTheFailureBranch() {
        JsonObject done = ok(api.respond(ok(api.start("otp_login_push", null)), "client_input",
                Api.obj("userId", "nobody-" + unique())));

        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("journey_rejected");
        assertThat(done.getJsonObject("errorData").getString("description")).startsWith("No active device");
    }

    // ---------------------------------------------------------------- passcodes and failures

    @Test
    void wrongPasscodeLeavesTwoAttemptsAndTheRightOneStillWorks() throws Exception {
        String email = "wrong." + unique() + "@example.com";
        JsonObject otp = otpStep("otp_login_email", "email", email);
        String code = passcodeFromOutbox(email);

        JsonObject again = ok(api.passcode(otp, wrong(code)));

        assertThat(again.getString("type")).isEqualTo("client_input_update_required");
        assertThat(again.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        assertThat(again.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
        assertThat(again.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);
        assertThat(ok(api.passcode(again, code)).getString("type")).isEqualTo("journey_success");
    }

    @Test
    void threeWrongPasscodesTakeTheFailureBranchWithTheErrorVariableInTheReason() throws Exception {
        String email = "thrice." + unique() + "@example.com";
        JsonObject step = otpStep("otp_login_email", "email", email);
        String wrong = wrong(passcodeFromOutbox(email));

        step = ok(api.passcode(step, wrong));
        step = ok(api.passcode(step, wrong));
        JsonObject done = ok(api.passcode(step, wrong));

        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getString("journeyStepId")).isEqualTo("action:rejection");
        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("journey_rejected");
        assertThat(done.getJsonObject("errorData").getString("description")).isEqualTo("Too many wrong passcodes.");
        assertThat(api.passcode(step, wrong).status()).isEqualTo(409);
    }

    @Test
    void abortRejectsWithTheFailureCode() throws Exception {
        putJourney("it_abort", """
                {"id": "it_abort", "start": "identify", "steps": {
                  "identify": {"type": "form", "formId": "identify",
                               "schema": {"email": {"type": "string", "required": true}}, "output": "identify", "next": "otp"},
                  "otp": {"type": "generic_otp_authentication", "externalUserId": "identify.email", "channel": "email",
                          "email": {"connection": "demo-email", "recipients": "identify.email", "subject": "Code",
                                    "body": "Your code is ${otp}."},
                          "failureBehavior": "abort", "next": "done"},
                  "done": {"type": "complete"}}}""");
        String email = "abort." + unique() + "@example.com";
        JsonObject step = otpStep("it_abort", "email", email);
        String wrong = wrong(passcodeFromOutbox(email));

        step = ok(api.passcode(step, wrong));
        step = ok(api.passcode(step, wrong));
        JsonObject done = ok(api.passcode(step, wrong));

        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("max_attempts_exceeded");
        assertThat(done.getJsonObject("errorData").getString("description")).isEqualTo("Too many wrong passcodes.");
    }

    @Test
    void resendSendsANewPasscodeAndRetiresTheOldOne() throws Exception {
        String email = "resend." + unique() + "@example.com";
        JsonObject step = otpStep("otp_login_email", "email", email);
        String first = passcodeFromOutbox(email);
        assertThat(step.getJsonObject("data").getInt("resends_left")).isEqualTo(3);

        JsonObject tooSoon = ok(api.respond(step, "resend", null));
        assertThat(tooSoon.getString("type")).isEqualTo("client_input_update_required");
        assertThat(tooSoon.getJsonObject("errorData").getString("errorCode")).isEqualTo("resend_too_soon");
        long retryAfter = tooSoon.getJsonObject("errorData").getJsonObject("data").getJsonNumber("retry_after").longValue();
        assertThat(retryAfter).isBetween(1L, 2L);

        Thread.sleep(retryAfter * 1000 + 200); // the suite's cooldown is PT2S (arquillian.xml)
        JsonObject resent = ok(api.respond(tooSoon, "resend", null));
        assertThat(resent.getString("type")).isEqualTo("client_input_required");
        assertThat(resent.getJsonObject("data").getInt("resends_left")).isEqualTo(2);
        assertThat(resent.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
        String second = passcodeFromOutbox(email);
        assertThat(second).isNotEqualTo(first);

        JsonObject old = ok(api.passcode(resent, first));
        assertThat(old.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
        assertThat(ok(api.passcode(old, second)).getString("type")).isEqualTo("journey_success");
    }

    @Test
    void cancelEndsTheFlowWithoutTheFailureBranch() {
        JsonObject step = otpStep("otp_login_email", "email", "cancel." + unique() + "@example.com");

        JsonObject done = ok(api.respond(step, "cancel", null));

        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getString("journeyStepId")).isEqualTo("action:rejection");
        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("journey_cancelled");
        assertThat(done.containsKey("interactionToken")).isFalse();
        Api.Answer after = api.respond(step, "client_input", Api.obj("passcode", "123456"));
        assertThat(after.status()).isEqualTo(409);
        assertThat(after.json().getString("detail")).contains("cancelled");
    }

    @Test
    void clientFailureOnTheOtpStepTakesTheFailureBranch() {
        JsonObject step = otpStep("otp_login_email", "email", "fail." + unique() + "@example.com");

        JsonObject done = ok(api.respond(step, "failure", null));

        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("journey_rejected");
        assertThat(done.getJsonObject("errorData").getString("description"))
                .isEqualTo("The client reported that it cannot go on.");
    }

    @Test
    void clientFailureOnAFormRejectsWithClientFailure() {
        JsonObject done = ok(api.respond(ok(api.start("otp_login_email", null)), "failure", null));

        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("client_failure");
    }

    @Test
    void formInputThatDoesNotMatchTheSchemaIsAskedForAgain() {
        JsonObject form = ok(api.start("otp_login_email", null));

        JsonObject again = ok(api.respond(form, "client_input", Json.createObjectBuilder().add("email", 42).build()));

        assertThat(again.getString("type")).isEqualTo("client_input_update_required");
        assertThat(again.getString("journeyStepId")).isEqualTo("identify");
        assertThat(again.getJsonObject("errorData").getString("errorCode")).isEqualTo("client_response_not_valid");
        JsonArray errors = again.getJsonObject("errorData").getJsonObject("data").getJsonArray("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.getJsonObject(0).getString("field")).isEqualTo("email");
        assertThat(errors.getJsonObject(0).getString("message")).isNotBlank();

        JsonObject missing = ok(api.respond(again, "client_input", JsonValue.EMPTY_JSON_OBJECT));
        assertThat(missing.getJsonObject("errorData").getJsonObject("data").getJsonArray("errors").getJsonObject(0)
                .getString("message")).isEqualTo("is required");
        assertThat(api.respond(again, "client_input", Api.obj("email", "x@example.com")).status())
                .as("the token of the previous answer stopped working").isEqualTo(401);
    }

    // ---------------------------------------------------------------- protocol refusals

    @Test
    void replayedTokenIsRefusedAndSecondSubmitAfterSuccessConflicts() throws Exception {
        String email = "replay." + unique() + "@example.com";
        JsonObject form = ok(api.start("otp_login_email", null));
        JsonObject otp = ok(api.respond(form, "client_input", Api.obj("email", email)));
        String code = passcodeFromOutbox(email);

        Api.Answer replayed = api.respond(form, "client_input", Api.obj("email", "other@example.com"));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.contentType()).startsWith("application/problem+json");

        JsonObject done = ok(api.passcode(otp, code));
        assertThat(done.getString("type")).as("the replay changed nothing").isEqualTo("journey_success");
        Api.Answer second = api.passcode(otp, code);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusalsComeInTheContractsOrder() {
        JsonObject form = ok(api.start("otp_login_email", null));
        String flow = form.getString("flowId");
        String token = form.getString("interactionToken");

        assertThat(api.send("POST", "/api/flows/nosuchflow1/responses", "{oops", "application/json", null).status())
                .as("unparsable JSON before an unknown flow").isEqualTo(400);
        assertThat(api.send("POST", "/api/flows/nosuchflow1/responses", "{}", "application/json", null).status())
                .as("missing option before an unknown flow").isEqualTo(400);
        assertThat(api.respond("nosuchflow1", null, "client_input", null).status())
                .as("unknown flow before the token").isEqualTo(404);
        assertThat(api.respond(flow, "not-the-token", "resend", null).status())
                .as("wrong token before the option").isEqualTo(401);
        assertThat(api.respond(flow, null, "client_input", null).status()).as("missing token").isEqualTo(401);

        Api.Answer notOffered = api.respond(flow, token, "resend", null);
        assertThat(notOffered.status()).as("a form offers no resend").isEqualTo(400);
        assertThat(notOffered.contentType()).startsWith("application/problem+json");
        assertThat(api.respond(flow, token, "custom", null).status()).isEqualTo(400);

        JsonObject otp = ok(api.respond(flow, token, "client_input", Api.obj("email", "order." + unique() + "@example.com")));
        assertThat(otp.getString("journeyStepId")).as("the refused requests did not use up the token")
                .isEqualTo("genericOTPAuthentication");
        ok(api.respond(otp, "cancel", null));
        assertThat(api.respond(otp, "custom", null).status()).as("ended before the option").isEqualTo(409);
    }

    @Test
    void expiredFlowAnswers409AndEndsAsFlowExpired() {
        JsonObject form = ok(api.start("otp_login_email", null));
        assertThat(api.admin("POST", "/test-clock/flows/" + form.getString("flowId") + "/expire", null).status())
                .isEqualTo(204);

        Api.Answer expired = api.respond(form, "client_input", Api.obj("email", "late@example.com"));

        assertThat(expired.status()).isEqualTo(409);
        assertThat(expired.contentType()).startsWith("application/problem+json");
        assertThat(expired.json().getString("type")).isEqualTo("urn:watchword:problem:flow_expired");
        Api.Answer after = api.respond(form, "cancel", null);
        assertThat(after.status()).as("the flow stays expired: not cancelled").isEqualTo(409);
        assertThat(after.json().getString("type")).isEqualTo("urn:watchword:problem:flow_expired");
    }

    @Test
    void flowsNobodyAnswersEndAsExpired() {
        JsonObject waiting = ok(api.start("otp_login_email", null));
        JsonObject fresh = ok(api.start("otp_login_email", null));
        String id = waiting.getString("flowId");
        api.admin("POST", "/test-clock/flows/" + id + "/expire", null);

        assertThat(api.admin("POST", "/test-clock/flows/sweep", null).status()).isEqualTo(204);

        assertThat(api.admin("GET", "/test-clock/flows/" + id + "/status", null).body()).isEqualTo("EXPIRED");
        assertThat(api.admin("GET", "/test-clock/flows/" + fresh.getString("flowId") + "/status", null).body())
                .isEqualTo("ACTIVE");
        Api.Answer late = api.respond(waiting, "client_input", Api.obj("email", "late@example.com"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().getString("type")).isEqualTo("urn:watchword:problem:flow_expired");
    }

    @Test
    void clientChosenFlowIdIsUsedOnceAndMustMatchThePattern() {
        String id = "client-" + unique();
        JsonObject body = Json.createObjectBuilder().add("flowId", id).build();

        assertThat(ok(api.start("otp_login_email", body)).getString("flowId")).isEqualTo(id);
        assertThat(api.start("otp_login_email", body).status()).isEqualTo(409);
        assertThat(api.start("otp_login_email", Api.obj("flowId", "short")).status()).isEqualTo(400);
        assertThat(api.start("otp_login_email", Json.createObjectBuilder().add("additionalParams", 5).build()).status())
                .isEqualTo(400);
        assertThat(api.start("no_such_journey", null).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- expressions

    @Test
    void laterStepsSeeTheUserContextAndTheStartParameters() throws Exception {
        putJourney("it_logic", """
                {"id": "it_logic", "start": "identify", "steps": {
                  "identify": {"type": "form", "formId": "identify",
                               "schema": {"phone": {"type": "string", "required": true}}, "output": "identify", "next": "otp"},
                  "otp": {"type": "generic_otp_authentication", "externalUserId": "identify.phone", "channel": "sms",
                          "sms": {"connection": "demo-sms", "recipient": "identify.phone",
                                  "message": "Code ${otp} for ${@policy.request().params.tier}"},
                          "errorOutputVariable": "otpError", "next": "remember", "onFailure": "failed"},
                  "remember": {"type": "set_variables", "next": "gate", "variables": {
                                 "who": "@policy.userContext().user_id",
                                 "via": "@policy.userContext().channel",
                                 "tier": "@policy.request().params.tier",
                                 "authed": "@policy.isUserAuthenticated()"}},
                  "gate": {"type": "condition", "if": "authed && tier == 'gold'", "then": "vip", "else": "done"},
                  "vip": {"type": "reject", "reason": "VIP ${who} via ${via} goes to the front desk"},
                  "done": {"type": "complete"},
                  "failed": {"type": "reject", "reason": "${otpError.message}"}}}""");

        String gold = phone();
        JsonObject goldOtp = otpStep("it_logic", Json.createObjectBuilder().add("additionalParams",
                Json.createObjectBuilder().add("tier", "gold")).build(), "phone", gold);
        String goldMessage = outboxText(gold);
        assertThat(goldMessage).endsWith(" for gold");
        JsonObject vip = ok(api.passcode(goldOtp, passcodeIn(goldMessage)));
        assertThat(vip.getString("type")).isEqualTo("journey_rejection");
        assertThat(vip.getJsonObject("errorData").getString("errorCode")).isEqualTo("journey_rejected");
        assertThat(vip.getJsonObject("errorData").getString("description"))
                .isEqualTo("VIP " + gold + " via sms goes to the front desk");

        String silver = phone();
        JsonObject silverOtp = otpStep("it_logic", Json.createObjectBuilder().add("additionalParams",
                Json.createObjectBuilder().add("tier", "silver")).build(), "phone", silver);
        JsonObject done = ok(api.passcode(silverOtp, passcodeFromOutbox(silver)));
        assertThat(done.getString("type")).isEqualTo("journey_success");
        assertThat(verifiedClaims(done.getString("token")).getStringClaim("journey")).isEqualTo("it_logic");
    }

    @Test
    void expressionThatFailsWhileRunningRejectsTheJourneyNotTheRequest() {
        putJourney("it_broken", """
                {"id": "it_broken", "start": "identify", "steps": {
                  "identify": {"type": "form", "formId": "identify", "schema": {"n": {"type": "number", "required": true}},
                               "output": "identify", "next": "compute"},
                  "compute": {"type": "set_variables", "variables": {"ratio": "identify.n / 0"}, "next": "done"},
                  "done": {"type": "complete"}}}""");
        JsonObject form = ok(api.start("it_broken", null));

        Api.Answer answer = api.respond(form, "client_input", Json.createObjectBuilder().add("n", 5).build());

        assertThat(answer.status()).isEqualTo(200);
        JsonObject done = answer.json();
        assertThat(done.getString("type")).isEqualTo("journey_rejection");
        assertThat(done.getJsonObject("errorData").getString("errorCode")).isEqualTo("expression_error");
        assertThat(done.getJsonObject("errorData").getString("description"))
                .contains("Step 'compute'").contains("ratio").contains("division by zero")
                .doesNotContain("Exception");
    }

    @Test
    void otpStepWhoseUserIdExpressionFailsTakesItsFailureBranch() {
        putJourney("it_broken_user", """
                {"id": "it_broken_user", "start": "identify", "steps": {
                  "identify": {"type": "form", "formId": "identify", "schema": {"email": {"type": "string", "required": true}},
                               "output": "identify", "next": "otp"},
                  "otp": {"type": "generic_otp_authentication", "externalUserId": "identify.email.substring(99)",
                          "channel": "email", "email": {"connection": "demo-email", "recipients": "identify.email",
                          "subject": "Code", "body": "${otp}"}, "next": "done", "onFailure": "failed"},
                  "done": {"type": "complete"},
                  "failed": {"type": "reject", "reason": "${error.code}"}}}""");

        JsonObject done = ok(api.respond(ok(api.start("it_broken_user", null)), "client_input", Api.obj("email", "a@b.example")));

        assertThat(done.getJsonObject("errorData").getString("description")).isEqualTo("expression_error");
    }

    // ---------------------------------------------------------------- admin journey API

    @Test
    void invalidJourneyIsRefusedListingEveryErrorAndNothingIsStored() {
        Api.Answer a = api.admin("PUT", "/journeys/it_invalid", sq("""
                {'id': 'it_invalid', 'start': 'nowhere', 'steps': {
                  'a': {'type': 'teleport'},
                  'b': {'type': 'form', 'formId': 'b', 'schema': {}, 'next': 'zzz'},
                  'c': {'type': 'condition', 'if': 'x ==', 'then': 'a', 'else': 'q'},
                  'o': {'type': 'generic_otp_authentication', 'channel': 'email', 'next': 'a'}}}"""));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .contains("start", "steps.a.type", "steps.b.next", "steps.c.if", "steps.c.else",
                        "steps.o.externalUserId", "steps.o.email", "steps.o.onFailure");
        assertThat(api.admin("GET", "/journeys/it_invalid", null).status()).isEqualTo(404);
    }

    @Test
    void journeyAdminApiCreatesReplacesReadsAndDeletes() {
        String id = "it_admin_" + unique();
        JsonObject v1 = sq("{'id':'" + id + "','start':'done','steps':{'done':{'type':'complete'}}}");
        JsonObject v2 = sq("{'start':'no','steps':{'no':{'type':'reject','reason':'closed'}}}");

        Api.Answer created = api.admin("PUT", "/journeys/" + id, v1);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/admin/journeys/" + id);
        assertThat(created.json()).isEqualTo(v1);

        Api.Answer replaced = api.admin("PUT", "/journeys/" + id, v2);
        assertThat(replaced.status()).as("a body without id takes the path's").isEqualTo(200);
        assertThat(replaced.json().getString("id")).isEqualTo(id);
        assertThat(api.admin("GET", "/journeys/" + id, null).json().getString("start")).isEqualTo("no");
        assertThat(api.admin("GET", "/journeys", null).structure().asJsonArray().stream()
                .map(j -> j.asJsonObject().getString("id"))).contains(id, "otp_login_email");
        assertThat(ok(api.start(id, null)).getJsonObject("errorData").getString("description")).isEqualTo("closed");

        Api.Answer mismatch = api.admin("PUT", "/journeys/" + id, sq("{'id':'other','start':'done','steps':{'done':{'type':'complete'}}}"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("id");
        assertThat(api.admin("PUT", "/journeys/" + id, sq("{'id':5,'start':'done','steps':{'done':{'type':'complete'}}}"))
                .status()).isEqualTo(400);

        assertThat(api.admin("PUT", "/journeys/" + "x".repeat(101), sq("{'start':'done','steps':{'done':{'type':'complete'}}}"))
                .status()).as("an id wider than the column").isEqualTo(400);

        assertThat(api.admin("DELETE", "/journeys/" + id, null).status()).isEqualTo(204);
        assertThat(api.admin("GET", "/journeys/" + id, null).status()).isEqualTo(404);
        assertThat(api.admin("DELETE", "/journeys/" + id, null).status()).isEqualTo(404);
        assertThat(api.start(id, null).status()).isEqualTo(404);
    }

    @Test
    void journeyAdminApiNeedsTheAdminRole() {
        assertThat(api.send("GET", "/api/admin/journeys", null, null, null).status()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/admin/journeys/x", "{}", "application/json", Api.basic(Api.GUEST)).status())
                .isEqualTo(403);
    }

    @Test
    void jwksPublishesOneEs256KeyThatStaysTheSame() throws Exception {
        Api.Answer first = api.send("GET", "/api/.well-known/jwks.json", null, null, null);
        Api.Answer second = api.send("GET", "/api/.well-known/jwks.json", null, null, null);

        assertThat(first.status()).isEqualTo(200);
        JWKSet set = JWKSet.parse(first.body());
        assertThat(set.getKeys()).hasSize(1);
        assertThat(set.getKeys().get(0).getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(set.getKeys().get(0).isPrivate()).isFalse();
        assertThat(second.body()).isEqualTo(first.body());
    }

    // ---------------------------------------------------------------- helpers

    private void putConnection(JsonObject connection) {
        Api.Answer a = api.admin("PUT", "/connections/" + connection.getString("name"), connection);
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    private void putJourney(String id, String definition) {
        Api.Answer a = api.admin("PUT", "/journeys/" + id, Json.createReader(new StringReader(definition)).readObject());
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    /** Starts the journey and answers its form: the flow now waits at the OTP step. */
    private JsonObject otpStep(String journey, String field, String value) {
        return otpStep(journey, null, field, value);
    }

    private JsonObject otpStep(String journey, JsonObject startBody, String field, String value) {
        JsonObject otp = ok(api.respond(ok(api.start(journey, startBody)), "client_input", Api.obj(field, value)));
        assertThat(otp.getString("journeyStepId")).as(otp.toString()).isEqualTo("genericOTPAuthentication");
        assertThat(otp.getString("type")).isEqualTo("client_input_required");
        return otp;
    }

    private static JsonObject ok(Api.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        return a.json();
    }

    private String outboxText(String to) {
        Api.Answer a = api.admin("GET", "/outbox?limit=1&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(200);
        JsonArray messages = a.structure().asJsonArray();
        assertThat(messages).as("a message to " + to).hasSize(1);
        return messages.getJsonObject(0).getString("text");
    }

    private String passcodeFromOutbox(String to) {
        return passcodeIn(outboxText(to));
    }

    private static String passcodeIn(String text) {
        Matcher m = PASSCODE.matcher(text);
        assertThat(m.find()).as("a passcode in: " + text).isTrue();
        return m.group(1);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private JWTClaimsSet verifiedClaims(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWKSet keys = JWKSet.parse(api.send("GET", "/api/.well-known/jwks.json", null, null, null).body());
        JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the JWKS holds the token's kid").isNotNull();
        assertThat(jwt.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
        return jwt.getJWTClaimsSet();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String phone() {
        return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** JSON written with single quotes, for readable documents in the tests. */
    private static JsonObject sq(String singleQuoted) {
        return json(singleQuoted.replace('\'', '"'));
    }
}
