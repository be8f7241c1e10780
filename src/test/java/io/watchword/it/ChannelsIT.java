package io.watchword.it;

import static io.watchword.it.Journeys.lastEvent;
import static io.watchword.it.Journeys.sixDigits;
import static io.watchword.it.Journeys.untilOtp;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import io.watchword.channel.provider.TestKeys;
import io.watchword.platform.Jws;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three channels end to end in WildFly: journeys pointing at connections of every
 * provider, with the providers' real protocols spoken by peers in the test JVM — GreenMail for
 * SMTP (plain, AUTH, SMTPS) and one local HTTP server playing Twilio, the SMS/email web
 * services, APNs, FCM and Google's token endpoint. The passcode is read from what the peer
 * received, so a journey succeeds only if the message really went out.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChannelsIT {

    static final int SMTP_PORT = Deployments.port(3031);
    static final int SMTPS_PORT = Deployments.port(3032);
    static final int HTTP_PORT = Deployments.port(3033);
    /** Nothing listens here: a provider that is down. */
    static final int CLOSED_PORT = Deployments.port(3034);
    static final String SMTP_USER = "mailer";
    static final String SMTP_PASSWORD = "s3cret-smtp-pw";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup[] {
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(SMTPS_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(SMTP_USER, SMTP_PASSWORD));

    static FakeHttpServer http;
    static final KeyPair APNS_KEY = TestKeys.ecP256();
    static final KeyPair FCM_KEY = TestKeys.rsa();

    @ArquillianResource
    URL url;

    Api api;

    /** The built WAR plus a test-only servlet that dumps tables as stored. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClass(RawTableServlet.class);
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

    // ---------------------------------------------------------------- email

    @Test
    void emailOverPlainSmtpCarriesSubjectSenderNameAndPasscode() throws Exception {
        connection("it-smtp", "email", "smtp", settings().add("host", "127.0.0.1").add("port", SMTP_PORT)
                .add("fromAddress", "login@acme.test").add("security", "none"), null);
        journey("it_email_smtp", "email", email("it-smtp"));

        String to = unique("plain") + "@example.com";
        JsonObject otp = untilOtp(api, "it_email_smtp", to, to);
        assertThat(otp.getJsonObject("data").getString("channel")).isEqualTo("email");

        MimeMessage m = mailTo(to);
        assertThat(m.getSubject()).isEqualTo("Your Acme code");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Acme Login");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("login@acme.test");
        assertSuccess(api.passcode(otp, sixDigits(GreenMailUtil.getBody(m))));
    }

    @Test
    void emailOverSmtpWithAuthLogsInAndAWrongPasswordIsAProviderError() throws Exception {
        connection("it-smtp-auth", "email", "smtp", settings().add("host", "127.0.0.1").add("port", SMTP_PORT)
                .add("fromAddress", "login@acme.test").add("security", "none").add("username", SMTP_USER),
                Json.createObjectBuilder().add("password", SMTP_PASSWORD));
        journey("it_email_smtp_auth", "email", email("it-smtp-auth"));
        String to = unique("auth") + "@example.com";
        JsonObject otp = untilOtp(api, "it_email_smtp_auth", to, to);
        assertSuccess(api.passcode(otp, sixDigits(GreenMailUtil.getBody(mailTo(to)))));

        // Only the password changes: GreenMail refuses the login, so no mail goes out.
        connection("it-smtp-auth", "email", "smtp", settings().add("host", "127.0.0.1").add("port", SMTP_PORT)
                .add("fromAddress", "login@acme.test").add("security", "none").add("username", SMTP_USER),
                Json.createObjectBuilder().add("password", "not-the-password"));
        String refused = unique("badauth") + "@example.com";
        assertFailedWith(untilOtp(api, "it_email_smtp_auth", refused, refused), "provider_error|authentication failed");
        assertThat(lastEvent(api, refused, "otp.delivery_failed").getJsonObject("details").getString("provider"))
                .isEqualTo("smtp");
        assertThat(Arrays.stream(mail.getReceivedMessages()).flatMap(ChannelsIT::recipients)).doesNotContain(refused);
    }

    /** GreenMail 2.1.5 has no STARTTLS, so TLS is proven with SMTPS (security=ssl) and its self-signed certificate. */
    @Test
    void emailOverSmtpsNeedsTheTrustSettingForASelfSignedCertificate() throws Exception {
        JsonObjectBuilder untrusted = settings().add("host", "127.0.0.1").add("port", SMTPS_PORT)
                .add("fromAddress", "login@acme.test").add("security", "ssl");
        connection("it-smtps", "email", "smtp", untrusted, null);
        journey("it_email_smtps", "email", email("it-smtps"));
        String rejected = unique("untrusted") + "@example.com";
        assertFailedWith(untilOtp(api, "it_email_smtps", rejected, rejected), "provider_error|TLS handshake failed");

        connection("it-smtps", "email", "smtp", settings().add("host", "127.0.0.1").add("port", SMTPS_PORT)
                .add("fromAddress", "login@acme.test").add("security", "ssl").add("trust", "127.0.0.1"), null);
        String to = unique("tls") + "@example.com";
        JsonObject otp = untilOtp(api, "it_email_smtps", to, to);
        assertSuccess(api.passcode(otp, sixDigits(GreenMailUtil.getBody(mailTo(to)))));
    }

    @Test
    void emailOverTheWebServiceSendsTheTemplateWithJsonEscapingAndTheAuthorizationSecret() {
        connection("it-email-ws", "email", "email_webservice", settings().add("url", http("/mail/send"))
                .add("headers", Json.createObjectBuilder().add("Content-Type", "application/json").add("X-Tenant", "acme"))
                .add("bodyTemplate", "{\"to\":\"${to}\",\"subject\":\"${subject}\",\"from\":\"${senderName}\",\"text\":\"${text}\"}"),
                Json.createObjectBuilder().add("authorization", "Bearer mail-api-key-123"));
        journey("it_email_ws", "email", Json.createObjectBuilder().add("connection", "it-email-ws")
                .add("recipients", "identify.to").add("subject", "Your \"Acme\" code").add("senderName", "Acme")
                .add("body", "Code: ${otp}"));
        String to = unique("ws") + "@example.com";
        JsonObject otp = untilOtp(api, "it_email_ws", to, to);

        FakeHttpServer.Request r = only("/mail/send");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Authorization")).isEqualTo("Bearer mail-api-key-123");
        assertThat(r.header("X-Tenant")).isEqualTo("acme");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonObject body = parse(r.body());
        assertThat(body.getString("to")).isEqualTo(to);
        assertThat(body.getString("subject")).isEqualTo("Your \"Acme\" code");
        assertThat(body.getString("from")).isEqualTo("Acme");
        assertSuccess(api.passcode(otp, sixDigits(body.getString("text"))));
    }

    // ---------------------------------------------------------------- sms

    @Test
    void smsOverTwilioPostsTheMessagesApiWithBasicAuth() {
        connection("it-twilio", "sms", "twilio", settings().add("accountSid", "AC0123456789abcdef")
                .add("from", "+15550001111").add("baseUrl", http("")),
                Json.createObjectBuilder().add("authToken", "twilio-auth-token-xyz"));
        journey("it_sms_twilio", "sms", sms("it-twilio"));
        String path = "/2010-04-01/Accounts/AC0123456789abcdef/Messages.json";
        http.on(path, Response.json(201, "{\"sid\":\"SM123\",\"status\":\"queued\"}"));

        JsonObject otp = untilOtp(api, "it_sms_twilio", unique("twilio"), "+15551234567");
        assertThat(otp.getJsonObject("data").getString("recipient")).isEqualTo("+1\u2022\u2022\u2022\u2022\u2022\u20224567");

        FakeHttpServer.Request r = only(path);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Authorization")).isEqualTo(Api.basic("AC0123456789abcdef:twilio-auth-token-xyz"));
        assertThat(r.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = form(r.body());
        assertThat(form).containsEntry("To", "+15551234567").containsEntry("From", "+15550001111");
        assertSuccess(api.passcode(otp, sixDigits(form.get("Body"))));
    }

    @Test
    void smsOverTheWebServiceSendsAFormBodyWithTheStepsSender() {
        connection("it-sms-ws", "sms", "sms_webservice", settings().add("url", http("/sms/send"))
                .add("headers", Json.createObjectBuilder().add("Content-Type", "application/x-www-form-urlencoded"))
                .add("bodyTemplate", "to=${to}&from=${from}&text=${text}"),
                Json.createObjectBuilder().add("authorization", "Key sms-key-456"));
        journey("it_sms_ws", "sms", sms("it-sms-ws").add("from", "Acme"));
        JsonObject otp = untilOtp(api, "it_sms_ws", unique("smsws"), "+447700900123");

        FakeHttpServer.Request r = only("/sms/send");
        assertThat(r.header("Authorization")).isEqualTo("Key sms-key-456");
        Map<String, String> form = form(r.body());
        assertThat(form).containsEntry("to", "+447700900123").containsEntry("from", "Acme");
        assertSuccess(api.passcode(otp, sixDigits(form.get("text"))));
    }

    // ---------------------------------------------------------------- push

    @Test
    void pushOverApnsSignsAProviderTokenAndSendsTheAlertToTheRegisteredDevice() throws Exception {
        apnsConnection("it-apns");
        journey("it_push_apns", "push", push("it-apns"));
        String user = unique("apns");
        String older = "0000000000000000000000000000000000000000000000000000000000000001";
        String device = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
        assertThat(registerAsAdmin(user, older, "apns", "Old iPad").status()).isEqualTo(201);
        assertThat(registerAsAdmin(user, "fcm-token-of-" + user, "fcm", "Android").status()).isEqualTo(201);
        assertThat(registerAsAdmin(user, device, "apns", "Jane's iPhone").status()).isEqualTo(201);
        http.on("/3/device/" + device, new Response(200, "", 0, Map.of("apns-id", "EC1BF194-B3B2-4C1E-A1D7-91B1A4D4DC4F")));

        JsonObject otp = untilOtp(api, "it_push_apns", user, null);
        assertThat(otp.getJsonObject("data").getString("recipient")).isEqualTo("your device");

        assertThat(http.requests("/3/device/" + older)).isEmpty();
        FakeHttpServer.Request r = only("/3/device/" + device);
        assertThat(r.header("apns-topic")).isEqualTo("io.watchword.app");
        assertThat(r.header("apns-push-type")).isEqualTo("alert");
        assertThat(r.header("authorization")).startsWith("bearer ");
        SignedJWT jwt = SignedJWT.parse(r.header("authorization").substring(7));
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) APNS_KEY.getPublic()))).isTrue();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("KEY1234567");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("TEAM123456");
        JsonObject alert = parse(r.body()).getJsonObject("aps").getJsonObject("alert");
        assertThat(alert.getString("title")).isEqualTo("Sign-in code");
        assertSuccess(api.passcode(otp, sixDigits(alert.getString("body"))));
    }

    @Test
    void pushOverFcmGetsAnAccessTokenByJwtBearerGrantAndSendsTheNotification() throws Exception {
        fcmConnection("it-fcm");
        journey("it_push_fcm", "push", push("it-fcm"));
        String user = unique("fcm");
        String device = "fcm-registration-token-" + UUID.randomUUID();
        assertThat(registerAsAdmin(user, device, "fcm", null).status()).isEqualTo(201);
        http.on("/oauth2/token", Response.json(200, "{\"access_token\":\"ya29.fake-access\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
        http.on("/v1/projects/watchword-it/messages:send",
                Response.json(200, "{\"name\":\"projects/watchword-it/messages/0:1\"}"));

        JsonObject otp = untilOtp(api, "it_push_fcm", user, null);
        assertThat(otp.getJsonObject("data").getString("recipient")).isEqualTo("your device");

        // The provider caches its access token per connection; this connection is used only here.
        FakeHttpServer.Request grant = only("/oauth2/token");
        Map<String, String> form = form(grant.body());
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) FCM_KEY.getPublic()))).isTrue();
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("watchword@watchword-it.iam.gserviceaccount.com");
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(http("/oauth2/token"));
        assertThat(assertion.getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("https://www.googleapis.com/auth/firebase.messaging");

        FakeHttpServer.Request send = only("/v1/projects/watchword-it/messages:send");
        assertThat(send.header("Authorization")).isEqualTo("Bearer ya29.fake-access");
        JsonObject message = parse(send.body()).getJsonObject("message");
        assertThat(message.getString("token")).isEqualTo(device);
        assertThat(message.getJsonObject("notification").getString("title")).isEqualTo("Sign-in code");
        assertSuccess(api.passcode(otp, sixDigits(message.getJsonObject("notification").getString("body"))));
    }

    @Test
    void deadApnsTokenIsDeactivatedAndTheNextJourneyFindsNoDevice() {
        apnsConnection("it-apns-dead");
        journey("it_push_apns_dead", "push", push("it-apns-dead"));
        String user = unique("apnsdead");
        String device = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
        registerAsAdmin(user, device, "apns", null);
        http.on("/3/device/" + device, Response.json(410, "{\"reason\":\"Unregistered\",\"timestamp\":1700000000000}"));

        assertFailedWith(untilOtp(api, "it_push_apns_dead", user, null), "provider_error|unregistered");
        assertThat(lastEvent(api, user, "otp.delivery_failed").getJsonObject("details").getInt("status")).isEqualTo(410);
        JsonArray tokens = tokensOf(user);
        assertThat(tokens).hasSize(1);
        assertThat(tokens.getJsonObject(0).getBoolean("active")).isFalse();

        assertFailedWith(untilOtp(api, "it_push_apns_dead", user, null), "no_device_found|");
        assertThat(http.requests("/3/device/" + device)).hasSize(1);
    }

    @Test
    void deadFcmTokenIsDeactivatedAndTheNextJourneyFindsNoDevice() {
        fcmConnection("it-fcm-dead");
        journey("it_push_fcm_dead", "push", push("it-fcm-dead"));
        String user = unique("fcmdead");
        registerAsAdmin(user, "fcm-dead-" + UUID.randomUUID(), "fcm", "Pixel");
        http.on("/oauth2/token", Response.json(200, "{\"access_token\":\"ya29.other\",\"expires_in\":3600}"));
        http.on("/v1/projects/watchword-it/messages:send", Response.json(404, "{\"error\":{\"code\":404,"
                + "\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}"));

        assertFailedWith(untilOtp(api, "it_push_fcm_dead", user, null), "provider_error|unregistered");
        assertThat(tokensOf(user).getJsonObject(0).getBoolean("active")).isFalse();
        assertFailedWith(untilOtp(api, "it_push_fcm_dead", user, null), "no_device_found|");
    }

    @Test
    void pushTokensAreRegisteredByTheirOwnUsersCompletionTokenOnly() throws Exception {
        // A completion token for user `owner`, earned through an email journey.
        connection("it-smtp-owner", "email", "smtp", settings().add("host", "127.0.0.1").add("port", SMTP_PORT)
                .add("fromAddress", "login@acme.test").add("security", "none"), null);
        journey("it_email_owner", "email", email("it-smtp-owner"));
        String owner = unique("owner") + "@example.com";
        JsonObject otp = untilOtp(api, "it_email_owner", owner, owner);
        String completion = assertSuccess(api.passcode(otp, sixDigits(GreenMailUtil.getBody(mailTo(owner)))));

        String device = "0a0b0c0d0e0f" + UUID.randomUUID().toString().replace("-", "");
        Api.Answer first = register(owner, device, "apns", "Bearer " + completion);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().getString("userId")).isEqualTo(owner);
        assertThat(first.json().getBoolean("active")).isTrue();
        assertThat(first.body()).doesNotContain(device);
        // A completion token registers once (contract §11); the same device again is a refresh.
        assertThat(register(owner, device, "apns", "Bearer " + completion).status()).isEqualTo(401);
        Api.Answer again = register(owner, device, "apns", Api.basic(Api.ADMIN));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));

        Api.Answer someoneElse = register("someone-else", device, "apns", "Bearer " + completion);
        assertThat(someoneElse.status()).isEqualTo(403);
        assertThat(someoneElse.contentType()).startsWith("application/problem+json");
        assertThat(register(owner, device, "apns", "Bearer not.a.token").status()).isEqualTo(401);
        assertThat(register(owner, device, "apns", null).status()).isEqualTo(401);
        assertThat(register(owner, device, "apns", Api.basic(Api.GUEST)).status()).isEqualTo(403);

        Api.Answer invalid = api.send("POST", "/api/push-tokens", "{\"provider\":\"webpush\",\"deviceName\":7}",
                "application/json", Api.basic(Api.ADMIN));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .containsExactlyInAnyOrder("userId", "token", "provider", "deviceName");

        JsonArray listed = tokensOf(owner);
        assertThat(listed).hasSize(1);
        assertThat(listed.toString()).doesNotContain(device);
        assertThat(api.send("GET", "/api/push-tokens", null, null, Api.basic(Api.ADMIN)).status()).isEqualTo(400);
        assertThat(api.send("GET", "/api/push-tokens?userId=" + owner, null, null, "Bearer " + completion).status())
                .isEqualTo(401);

        String id = first.json().getString("id");
        assertThat(api.send("DELETE", "/api/push-tokens/" + id, null, null, Api.basic(Api.ADMIN)).status()).isEqualTo(204);
        assertThat(tokensOf(owner)).isEmpty();
        assertThat(api.send("DELETE", "/api/push-tokens/" + id, null, null, Api.basic(Api.ADMIN)).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void providerThatRefusesConnectionsFailsTheStepWithProviderError() {
        connection("it-sms-down", "sms", "sms_webservice", settings()
                .add("url", "http://127.0.0.1:" + CLOSED_PORT + "/sms").add("bodyTemplate", "${to} ${text}"),
                Json.createObjectBuilder().add("authorization", "Key must-not-leak-789"));
        journey("it_sms_down", "sms", sms("it-sms-down"));
        String user = unique("down");
        assertFailedWith(untilOtp(api, "it_sms_down", user, "+15551230000"),
                "provider_error|connection refused or unreachable");

        JsonObject event = lastEvent(api, user, "otp.delivery_failed");
        assertThat(event.getString("outcome")).isEqualTo("provider_error");
        // The passcode was issued before the send: its attempt stays, closed as undelivered.
        String attempts = api.send("GET", "/it/raw/ww_otp_attempt?user_id=" + user, null, null, null).body();
        assertThat(attempts.lines()).hasSize(1).allSatisfy(row -> assertThat(row).contains("UNDELIVERED"));
        assertThat(event.getJsonObject("details").getString("provider")).isEqualTo("sms_webservice");
        assertThat(api.admin("GET", "/events?userId=" + user, null).body()).doesNotContain("must-not-leak-789");
    }

    @Test
    void providerSlowerThanTimeoutMillisFailsTheStepWithProviderError() {
        connection("it-sms-slow", "sms", "sms_webservice", settings().add("url", http("/sms/slow"))
                .add("bodyTemplate", "${to} ${text}").add("timeoutMillis", 300), null);
        journey("it_sms_slow", "sms", sms("it-sms-slow"));
        http.on("/sms/slow", Response.slow(3000));
        String user = unique("slow");
        assertFailedWith(untilOtp(api, "it_sms_slow", user, "+15551230001"), "provider_error|no answer within 300 ms");
        assertThat(lastEvent(api, user, "otp.delivery_failed").getJsonObject("details").getString("provider"))
                .isEqualTo("sms_webservice");
    }

    @Test
    void providerClientAndServerErrorsFailTheStepWithTheProvidersAnswer() {
        connection("it-twilio-4xx", "sms", "twilio", settings().add("accountSid", "ACbadnumber")
                .add("from", "+15550001111").add("baseUrl", http("")),
                Json.createObjectBuilder().add("authToken", "twilio-auth-token-4xx"));
        journey("it_sms_4xx", "sms", sms("it-twilio-4xx"));
        http.on("/2010-04-01/Accounts/ACbadnumber/Messages.json", Response.json(400,
                "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\",\"status\":400}"));
        String user = unique("4xx");
        // The client sees the code, never the provider's text (contract §11); the admin's event has both.
        assertFailedWith(untilOtp(api, "it_sms_4xx", user, "+15551230002"), "provider_error|Twilio error 21211");
        JsonObject details = lastEvent(api, user, "otp.delivery_failed").getJsonObject("details");
        assertThat(details.getInt("status")).isEqualTo(400);
        assertThat(details.getString("providerAnswer")).isEqualTo("Twilio error 21211: Invalid 'To' Phone Number");
        assertThat(details.toString()).doesNotContain("twilio-auth-token-4xx");

        connection("it-email-5xx", "email", "email_webservice", settings().add("url", http("/mail/broken"))
                .add("bodyTemplate", "${to}"), null);
        journey("it_email_5xx", "email", email("it-email-5xx"));
        http.on("/mail/broken", Response.json(503, "{\"error\":\"maintenance\"}"));
        String to = unique("5xx") + "@example.com";
        assertFailedWith(untilOtp(api, "it_email_5xx", to, to), "provider_error|HTTP 503");
        assertThat(lastEvent(api, to, "otp.delivery_failed").getJsonObject("details").getString("providerAnswer"))
                .isEqualTo("{\"error\":\"maintenance\"}");
        assertThat(lastEvent(api, to, "otp.delivery_failed").getJsonObject("details").getInt("status")).isEqualTo(503);
    }

    @Test
    void missingConnectionAndMalformedRecipientsFailTheStep() {
        journey("it_sms_noconn", "sms", sms("no-such-connection"));
        assertFailedWith(untilOtp(api, "it_sms_noconn", unique("noconn"), "+15551230003"), "connection_not_found|");

        connection("it-sms-ok", "sms", "sms_webservice", settings().add("url", http("/sms/ok"))
                .add("bodyTemplate", "${to} ${text}"), null);
        journey("it_sms_badphone", "sms", sms("it-sms-ok"));
        assertFailedWith(untilOtp(api, "it_sms_badphone", unique("badphone"), "555-1234"), "invalid_recipient|");

        connection("it-email-ok", "email", "email_webservice", settings().add("url", http("/mail/ok"))
                .add("bodyTemplate", "${to}"), null);
        journey("it_email_badaddr", "email", email("it-email-ok"));
        assertFailedWith(untilOtp(api, "it_email_badaddr", unique("badaddr"), "jane at example.com"), "invalid_recipient|");

        assertThat(http.requests("/sms/ok")).isEmpty();
        assertThat(http.requests("/mail/ok")).isEmpty();
    }

    @Test
    void lineBreaksInMailHeadersAreRefusedAtPutAndFromARecipientExpression() throws Exception {
        Api.Answer subject = api.admin("PUT", "/journeys/it_inject_subject", Journeys.otp("it_inject_subject", "email",
                email("it-smtp-inject").add("subject", "Code\r\nBcc: evil@example.com")));
        assertThat(subject.status()).isEqualTo(400);
        assertThat(subject.body()).contains("steps.otp.email.subject");
        Api.Answer sender = api.admin("PUT", "/journeys/it_inject_sender", Journeys.otp("it_inject_sender", "email",
                email("it-smtp-inject").add("senderName", "Acme\nBcc: evil@example.com")));
        assertThat(sender.status()).isEqualTo(400);
        assertThat(sender.body()).contains("steps.otp.email.senderName");

        connection("it-smtp-inject", "email", "smtp", settings().add("host", "127.0.0.1").add("port", SMTP_PORT)
                .add("fromAddress", "login@acme.test").add("security", "none"), null);
        journey("it_inject_recipient", "email", email("it-smtp-inject"));
        String user = unique("inject");
        assertFailedWith(untilOtp(api, "it_inject_recipient", user, "jane@example.com\r\nBcc: evil@example.com"),
                "invalid_recipient|");
        assertThat(Arrays.stream(mail.getReceivedMessages()).flatMap(ChannelsIT::recipients))
                .doesNotContain("evil@example.com");
    }

    // ---------------------------------------------------------------- helpers

    private void connection(String name, String channel, String provider, JsonObjectBuilder settings,
                            JsonObjectBuilder secrets) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("name", name).add("channel", channel)
                .add("provider", provider).add("settings", settings);
        if (secrets != null) {
            b.add("secrets", secrets);
        }
        Api.Answer a = api.admin("PUT", "/connections/" + name, b.build());
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    private void journey(String id, String channel, JsonObjectBuilder channelSettings) {
        Api.Answer a = api.admin("PUT", "/journeys/" + id, Journeys.otp(id, channel, channelSettings));
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    private void apnsConnection(String name) {
        connection(name, "push", "apns", settings().add("teamId", "TEAM123456").add("keyId", "KEY1234567")
                .add("topic", "io.watchword.app").add("baseUrl", http("")),
                Json.createObjectBuilder().add("privateKey", Jws.pem(APNS_KEY.getPrivate())));
    }

    private void fcmConnection(String name) {
        String account = Json.createObjectBuilder().add("type", "service_account")
                .add("client_email", "watchword@watchword-it.iam.gserviceaccount.com")
                .add("private_key", Jws.pem(FCM_KEY.getPrivate())).add("token_uri", http("/oauth2/token"))
                .build().toString();
        connection(name, "push", "fcm", settings().add("projectId", "watchword-it").add("baseUrl", http("")),
                Json.createObjectBuilder().add("serviceAccountJson", account));
    }

    private static JsonObjectBuilder settings() {
        return Json.createObjectBuilder();
    }

    private static JsonObjectBuilder email(String connection) {
        return Json.createObjectBuilder().add("connection", connection).add("recipients", "identify.to")
                .add("subject", "Your Acme code").add("senderName", "Acme Login")
                .add("body", "Your code is ${otp}. It expires in ${expiresInMinutes} minutes.");
    }

    private static JsonObjectBuilder sms(String connection) {
        return Json.createObjectBuilder().add("connection", connection).add("recipient", "identify.to")
                .add("message", "Your Acme code is ${otp}");
    }

    private static JsonObjectBuilder push(String connection) {
        return Json.createObjectBuilder().add("connection", connection).add("title", "Sign-in code")
                .add("text", "Your code is ${otp}");
    }

    private Api.Answer register(String user, String device, String provider, String authorization) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("userId", user).add("token", device).add("provider", provider);
        return api.send("POST", "/api/push-tokens", b.build().toString(), "application/json", authorization);
    }

    private Api.Answer registerAsAdmin(String user, String device, String provider, String deviceName) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("userId", user).add("token", device).add("provider", provider);
        if (deviceName != null) {
            b.add("deviceName", deviceName);
        }
        return api.send("POST", "/api/push-tokens", b.build().toString(), "application/json", Api.basic(Api.ADMIN));
    }

    private JsonArray tokensOf(String user) {
        Api.Answer a = api.send("GET", "/api/push-tokens?userId=" + user, null, null, Api.basic(Api.ADMIN));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.structure().asJsonArray();
    }

    /** The completion token of a journey_success. */
    private static String assertSuccess(Api.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getString("type")).as(a.body()).isEqualTo("journey_success");
        return a.json().getString("token");
    }

    /** The journey took its failure branch; the reject reason is "code|details.reason". */
    private static void assertFailedWith(JsonObject response, String codeAndReason) {
        assertThat(response.getString("type")).as(response.toString()).isEqualTo("journey_rejection");
        assertThat(response.getJsonObject("errorData").getString("errorCode")).isEqualTo("journey_rejected");
        assertThat(response.getJsonObject("errorData").getString("description")).isEqualTo(codeAndReason);
    }

    private static String http(String path) {
        return "http://127.0.0.1:" + HTTP_PORT + path;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static FakeHttpServer.Request only(String path) {
        List<FakeHttpServer.Request> r = http.requests(path);
        assertThat(r).as("requests to " + path).hasSize(1);
        return r.get(0);
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new java.io.StringReader(json)).readObject();
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

    private static MimeMessage mailTo(String to) throws Exception {
        for (int i = 0; i < 50; i++) {
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (recipients(m).anyMatch(to::equals)) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No mail reached " + to);
    }

    private static java.util.stream.Stream<String> recipients(MimeMessage m) {
        try {
            return m.getAllRecipients() == null ? java.util.stream.Stream.empty()
                    : Arrays.stream(m.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
