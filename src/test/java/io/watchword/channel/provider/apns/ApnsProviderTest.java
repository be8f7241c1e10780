package io.watchword.channel.provider.apns;

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
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApnsProviderTest {

    private static final KeyPair KEY = TestKeys.ecP256();
    private static final String DEVICE = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String PATH = "/3/device/" + DEVICE;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
    private final ApnsProvider provider = new ApnsProvider(clock);
    private FakeHttpServer apns;

    @BeforeEach
    void start() throws Exception {
        apns = new FakeHttpServer().on(PATH, new Response(200, "", 0, Map.of("apns-id", "EC1BF194-B3B2-4A0F")));
    }

    @AfterEach
    void stop() {
        apns.close();
    }

    private ConnectionSpec connection() {
        return TestConnections.connection("apns", ChannelType.PUSH, "apns",
                json("{'teamId':'TEAM123456','keyId':'KEY7890AB','topic':'com.acme.app','environment':'sandbox',"
                        + "'baseUrl':'" + apns.baseUrl() + "'}"),
                Map.of("privateKey", Jws.pem(KEY.getPrivate())));
    }

    @Test
    void postsTheAlertWithAProviderTokenThatVerifiesWithTheKey() throws Exception {
        DeliveryResult result = provider.send(connection(), push(DEVICE, "Sign in", "Your code is 123456"));

        FakeHttpServer.Request r = apns.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(PATH);
        assertThat(r.header("apns-topic")).isEqualTo("com.acme.app");
        assertThat(r.header("apns-push-type")).isEqualTo("alert");
        assertThat(r.header("apns-priority")).isEqualTo("10");
        assertThat(JsonSupport.parseObject(r.body()).orElseThrow()).isEqualTo(
                json("{'aps':{'alert':{'title':'Sign in','body':'Your code is 123456'}}}"));

        String authorization = r.header("authorization");
        assertThat(authorization).startsWith("bearer ");
        String jwt = authorization.substring("bearer ".length());
        assertThat(Jws.header(jwt).orElseThrow()).isEqualTo(json("{'alg':'ES256','kid':'KEY7890AB'}"));
        JsonObject claims = Jws.verify(jwt, Jws.Algorithm.ES256, KEY.getPublic()).orElseThrow();
        assertThat(claims.getString("iss")).isEqualTo("TEAM123456");
        assertThat(claims.getJsonNumber("iat").longValue()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(result.providerStatus().asJsonObject().getString("apnsId")).isEqualTo("EC1BF194-B3B2-4A0F");
    }

    @Test
    void theProviderTokenIsReusedWithinFiftyMinutesAndRenewedAfter() throws Exception {
        provider.send(connection(), push(DEVICE, "t", "b"));
        clock.advance(Duration.ofMinutes(49));
        provider.send(connection(), push(DEVICE, "t", "b"));
        clock.advance(Duration.ofMinutes(2));
        provider.send(connection(), push(DEVICE, "t", "b"));

        List<String> tokens = apns.requests().stream().map(r -> r.header("authorization")).toList();
        assertThat(tokens.get(0)).isEqualTo(tokens.get(1));
        assertThat(tokens.get(2)).isNotEqualTo(tokens.get(1));
    }

    @Test
    void goneMeansTheDeviceTokenIsUnregistered() {
        apns.on(PATH, Response.json(410, "{\"reason\":\"Unregistered\",\"timestamp\":1700000000000}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(), push(DEVICE, "t", "b")));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", "apns").containsEntry("status", 410)
                .containsEntry("reason", "unregistered");
    }

    @Test
    void badDeviceTokenMeansUnregisteredToo() {
        apns.on(PATH, Response.json(400, "{\"reason\":\"BadDeviceToken\"}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(), push(DEVICE, "t", "b")));

        assertThat(e.details()).containsEntry("reason", "unregistered");
    }

    @Test
    void otherRefusalsCarryApnsReasonAndARejectedProviderTokenIsRenewed() throws Exception {
        apns.on(PATH, Response.json(403, "{\"reason\":\"ExpiredProviderToken\"}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(), push(DEVICE, "t", "b")));
        clock.advance(Duration.ofSeconds(1));
        apns.on(PATH, new Response(200, "", 0, Map.of()));
        provider.send(connection(), push(DEVICE, "t", "b"));

        assertThat(e.details()).containsEntry("status", 403).containsEntry("reason", "ExpiredProviderToken");
        assertThat(apns.requests().get(1).header("authorization"))
                .isNotEqualTo(apns.requests().get(0).header("authorization"));
    }

    @Test
    void aDeviceTokenThatIsNotHexIsAnInvalidRecipient() {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(), push("../../admin?x=1", "t", "b")));

        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_RECIPIENT);
        assertThat(apns.requests()).isEmpty();
    }

    @Test
    void validationReportsEveryError() {
        List<FieldError> errors = provider.validate(json("{'teamId':'','topic':'com.acme','environment':'staging',"
                + "'baseUrl':'mailto:x','timeoutMillis':'soon'}"), Map.of("privateKey", Jws.pem(TestKeys.rsa().getPrivate())));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("settings.teamId", "settings.keyId",
                "settings.environment", "settings.baseUrl", "settings.timeoutMillis", "secrets.privateKey");
    }

    @Test
    void aMissingPrivateKeyIsRequiredAndUnknownSecretsAreRefused() {
        List<FieldError> errors = provider.validate(json("{'teamId':'T','keyId':'K','topic':'com.acme'}"),
                Map.of("p12", "x"));

        assertThat(errors).containsExactlyInAnyOrder(new FieldError("secrets.p12", "is not a secret of this provider"),
                new FieldError("secrets.privateKey", "is required"));
    }

    @Test
    void aCompleteConnectionIsValid() {
        assertThat(provider.validate(json("{'teamId':'T','keyId':'K','topic':'com.acme','environment':'production'}"),
                Map.of("privateKey", Jws.pem(KEY.getPrivate())))).isEmpty();
    }
}
