package io.watchword.channel.provider.fcm;

import static io.watchword.channel.provider.TestConnections.json;
import static io.watchword.channel.provider.TestConnections.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import io.watchword.channel.provider.JsonSupport;
import io.watchword.channel.provider.MutableClock;
import io.watchword.channel.provider.TestConnections;
import io.watchword.channel.provider.TestKeys;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.FieldError;
import io.watchword.platform.Jws;
import jakarta.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FcmProviderTest {

    private static final KeyPair KEY = TestKeys.rsa();
    private static final String CLIENT_EMAIL = "watchword@acme-app.iam.gserviceaccount.com";
    private static final String SEND_PATH = "/v1/projects/acme-app/messages:send";
    private static final String DEVICE = "fcm-registration-token:APA91b";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
    private final FcmProvider provider = new FcmProvider(clock);
    private final AtomicInteger grants = new AtomicInteger();
    private FakeHttpServer google;

    @BeforeEach
    void start() throws Exception {
        google = new FakeHttpServer();
        google.on("/token", this::tokenEndpoint);
        google.on(SEND_PATH, Response.json(200, "{\"name\":\"projects/acme-app/messages/0:1500415314455276%31bd1c96\"}"));
    }

    @AfterEach
    void stop() {
        google.close();
    }

    /** Google's token endpoint: checks the grant type and the RS256 assertion like Google does. */
    private Response tokenEndpoint(FakeHttpServer.Request r) {
        Map<String, String> form = new HashMap<>();
        for (String pair : r.body().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return Response.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        JsonObject claims = Jws.verify(form.get("assertion"), Jws.Algorithm.RS256, KEY.getPublic()).orElse(null);
        long iat = clock.instant().getEpochSecond();
        if (claims == null || !CLIENT_EMAIL.equals(claims.getString("iss"))
                || !"https://www.googleapis.com/auth/firebase.messaging".equals(claims.getString("scope"))
                || !(google.baseUrl() + "/token").equals(claims.getString("aud"))
                || claims.getJsonNumber("iat").longValue() != iat
                || claims.getJsonNumber("exp").longValue() != iat + 3600) {
            return Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
        }
        return Response.json(200, "{\"access_token\":\"ya29.access-" + grants.incrementAndGet()
                + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private String serviceAccount(String tokenUri) {
        return JsonSupport.objectBuilder().add("type", "service_account").add("project_id", "acme-app")
                .add("client_email", CLIENT_EMAIL).add("private_key", Jws.pem(KEY.getPrivate()))
                .add("token_uri", tokenUri).build().toString();
    }

    private ConnectionSpec connection(String extraSettings, String tokenUri) {
        return TestConnections.connection("fcm", ChannelType.PUSH, "fcm",
                json("{'projectId':'acme-app','baseUrl':'" + google.baseUrl() + "'" + extraSettings + "}"),
                Map.of("serviceAccountJson", serviceAccount(tokenUri)));
    }

    private ConnectionSpec connection() {
        return connection("", google.baseUrl() + "/token");
    }

    @Test
    void sendsTheNotificationWithAnAccessTokenFromTheJwtBearerGrant() throws Exception {
        DeliveryResult result = provider.send(connection(), push(DEVICE, "Sign in", "Your code is 123456"));

        FakeHttpServer.Request r = google.requests(SEND_PATH).get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Authorization")).isEqualTo("Bearer ya29.access-1");
        assertThat(JsonSupport.parseObject(r.body()).orElseThrow()).isEqualTo(json("{'message':{'token':'" + DEVICE
                + "','notification':{'title':'Sign in','body':'Your code is 123456'}}}"));
        assertThat(google.requests("/token").get(0).header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(result.providerStatus().asJsonObject().getString("name")).startsWith("projects/acme-app/messages/");
    }

    @Test
    void theAccessTokenIsCachedAcrossSendsUntilAMinuteBeforeItExpires() throws Exception {
        provider.send(connection(), push(DEVICE, "t", "b"));
        clock.advance(Duration.ofSeconds(3599 - 61));
        provider.send(connection(), push(DEVICE, "t", "b"));

        assertThat(google.requests("/token")).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        provider.send(connection(), push(DEVICE, "t", "b"));

        assertThat(google.requests("/token")).hasSize(2);
        assertThat(google.requests(SEND_PATH).get(2).header("Authorization")).isEqualTo("Bearer ya29.access-2");
    }

    @Test
    void theTokenUriSettingWinsOverTheServiceAccounts() throws Exception {
        provider.send(connection(",'tokenUri':'" + google.baseUrl() + "/token'", "https://oauth2.invalid/token"),
                push(DEVICE, "t", "b"));

        assertThat(google.requests("/token")).hasSize(1);
    }

    @Test
    void unregisteredTokensAreReportedAsUnregistered() {
        google.on(SEND_PATH, Response.json(404, "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\","
                + "\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"UNREGISTERED\"}]}}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(), push(DEVICE, "t", "b")));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", "fcm").containsEntry("status", 404)
                .containsEntry("reason", "unregistered");
    }

    @Test
    void otherErrorsCarryFcmsCodeAndMessage() {
        google.on(SEND_PATH, Response.json(400, "{\"error\":{\"code\":400,\"message\":\"Invalid value at 'message.token'\","
                + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"errorCode\":\"INVALID_ARGUMENT\"}]}}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(), push(DEVICE, "t", "b")));

        assertThat(e.details()).containsEntry("status", 400)
                .containsEntry("reason", "HTTP 400 INVALID_ARGUMENT");
        // FCM's message text reaches admins only (contract §11)
        assertThat(e.providerAnswer()).isEqualTo("HTTP 400 INVALID_ARGUMENT: Invalid value at 'message.token'");
    }

    @Test
    void aRefusedAccessTokenIsDroppedSoTheNextSendGetsANewOne() throws Exception {
        google.on(SEND_PATH, Response.json(401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}"));
        catchThrowableOfType(DeliveryException.class, () -> provider.send(connection(), push(DEVICE, "t", "b")));
        google.on(SEND_PATH, Response.json(200, "{\"name\":\"projects/acme-app/messages/1\"}"));

        provider.send(connection(), push(DEVICE, "t", "b"));

        assertThat(google.requests("/token")).hasSize(2);
    }

    @Test
    void aRefusedGrantIsAProviderErrorWithoutTheAssertion() {
        KeyPair other = TestKeys.rsa();
        ConnectionSpec wrongKey = TestConnections.connection("fcm", ChannelType.PUSH, "fcm",
                json("{'projectId':'acme-app','baseUrl':'" + google.baseUrl() + "','tokenUri':'" + google.baseUrl() + "/token'}"),
                Map.of("serviceAccountJson", JsonSupport.objectBuilder().add("client_email", CLIENT_EMAIL)
                        .add("private_key", Jws.pem(other.getPrivate())).build().toString()));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> provider.send(wrongKey, push(DEVICE, "t", "b")));

        assertThat(e.details()).containsEntry("status", 400)
                .containsEntry("reason", "access token request refused: HTTP 400 invalid_grant");
        assertThat(google.requests(SEND_PATH)).isEmpty();
    }

    @Test
    void validationReportsEveryError() {
        List<FieldError> errors = provider.validate(json("{'baseUrl':'fcm.googleapis.com','tokenUri':42}"),
                Map.of("serviceAccountJson", "{\"client_email\":\"x@y\"}", "apiKey", "legacy"));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("settings.projectId",
                "settings.baseUrl", "settings.tokenUri", "secrets.apiKey", "secrets.serviceAccountJson");
    }

    @Test
    void aServiceAccountWhosePrivateKeyIsNotRsaIsRefused() {
        String json = JsonSupport.objectBuilder().add("client_email", CLIENT_EMAIL)
                .add("private_key", Jws.pem(TestKeys.ecP256().getPrivate())).build().toString();

        assertThat(provider.validate(json("{'projectId':'acme-app'}"), Map.of("serviceAccountJson", json)))
                .containsExactly(new FieldError("secrets.serviceAccountJson",
                        "private_key is not an RSA private key in PKCS#8 PEM form"));
    }

    @Test
    void aCompleteConnectionIsValid() {
        assertThat(provider.validate(json("{'projectId':'acme-app'}"),
                Map.of("serviceAccountJson", serviceAccount("https://oauth2.googleapis.com/token")))).isEmpty();
    }
}
