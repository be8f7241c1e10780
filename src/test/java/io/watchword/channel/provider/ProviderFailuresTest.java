package io.watchword.channel.provider;

import static io.watchword.channel.provider.TestConnections.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.provider.FakeHttpServer.Response;
import io.watchword.channel.provider.apns.ApnsProvider;
import io.watchword.channel.provider.fcm.FcmProvider;
import io.watchword.channel.provider.twilio.TwilioProvider;
import io.watchword.channel.provider.webservice.EmailWebServiceProvider;
import io.watchword.channel.provider.webservice.SmsWebServiceProvider;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.Jws;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every HTTP provider fails the same way when its peer is down, slow or erroring. */
class ProviderFailuresTest {

    private static final String DEVICE = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    /** The slow case's timeout; the peer answers much later. */
    private static final int TIMEOUT = 400;
    /**
     * Every other case must not time out even on a loaded machine (a 400 ms timeout made a
     * 403 answer read as a timeout when the build shared two cores with many others).
     */
    private static final int PATIENT = 15_000;

    /** A provider, how to point it at a base URL, what it sends, and the path it calls. */
    record Case(String name, MessageProvider provider, Function<String, ConnectionSpec> connection,
                OutboundMessage message, String path) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> providers() {
        String serviceAccount = JsonSupport.objectBuilder().add("client_email", "sa@acme.iam.gserviceaccount.com")
                .add("private_key", Jws.pem(TestKeys.rsa().getPrivate())).build().toString();
        String p8 = Jws.pem(TestKeys.ecP256().getPrivate());
        return Stream.of(
                new Case("twilio", new TwilioProvider(), base -> spec(ChannelType.SMS, "twilio",
                        "{'accountSid':'AC1','from':'+15550000000','baseUrl':'" + base + "'}", Map.of("authToken", "tok-secret")),
                        TestConnections.sms("+15551234567", null, "hi"), "/2010-04-01/Accounts/AC1/Messages.json"),
                new Case("sms_webservice", new SmsWebServiceProvider(), base -> spec(ChannelType.SMS, "sms_webservice",
                        "{'url':'" + base + "/sms','bodyTemplate':'${text}'}", Map.of("authorization", "Bearer ws-secret")),
                        TestConnections.sms("+15551234567", null, "hi"), "/sms"),
                new Case("email_webservice", new EmailWebServiceProvider(), base -> spec(ChannelType.EMAIL, "email_webservice",
                        "{'url':'" + base + "/mail','bodyTemplate':'${text}'}", Map.of()),
                        TestConnections.email(List.of("jane@example.com"), null, "s", "t"), "/mail"),
                new Case("apns", new ApnsProvider(), base -> spec(ChannelType.PUSH, "apns",
                        "{'teamId':'T','keyId':'K','topic':'com.acme','baseUrl':'" + base + "'}", Map.of("privateKey", p8)),
                        TestConnections.push(DEVICE, "t", "b"), "/3/device/" + DEVICE),
                new Case("fcm", new FcmProvider(), base -> spec(ChannelType.PUSH, "fcm",
                        "{'projectId':'acme','baseUrl':'" + base + "','tokenUri':'" + base + "/token'}",
                        Map.of("serviceAccountJson", serviceAccount)),
                        TestConnections.push(DEVICE, "t", "b"), "/v1/projects/acme/messages:send"));
    }

    private static ConnectionSpec spec(ChannelType channel, String provider, String settings, Map<String, String> secrets) {
        return TestConnections.connection(provider, channel, provider, json(settings), secrets);
    }

    private static ConnectionSpec timed(ConnectionSpec spec, int timeoutMillis) {
        return new ConnectionSpec(spec.name(), spec.channel(), spec.provider(),
                jakarta.json.Json.createObjectBuilder(spec.settings()).add("timeoutMillis", timeoutMillis).build(), spec.secrets());
    }

    private FakeHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHttpServer().on("/token", Response.json(200, "{\"access_token\":\"at\",\"expires_in\":3600}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aClosedPortIsAProviderError(Case c) {
        String base = "http://127.0.0.1:" + TestConnections.closedPort();

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> c.provider().send(timed(c.connection().apply(base), PATIENT), c.message()));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", c.name())
                .containsEntry("reason", "connection refused or unreachable");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aProviderSlowerThanTimeoutMillisIsAProviderError(Case c) {
        // The answer would come long after the timeout: the reason shows which of the two won.
        server.on(c.path(), Response.slow(30_000));

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> c.provider().send(timed(c.connection().apply(server.baseUrl()), TIMEOUT), c.message()));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("reason", "no answer within " + TIMEOUT + " ms");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aServerErrorIsAProviderErrorWithItsStatus(Case c) {
        server.on(c.path(), new Response(500, "Internal Server Error", 0, Map.of()));

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> c.provider().send(timed(c.connection().apply(server.baseUrl()), PATIENT), c.message()));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", c.name()).containsEntry("status", 500);
        assertThat(e.details().toString()).doesNotContain("secret");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aClientErrorIsAProviderErrorWithItsStatus(Case c) {
        server.on(c.path(), Response.json(403, "{}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> c.provider().send(timed(c.connection().apply(server.baseUrl()), PATIENT), c.message()));

        assertThat(e.details()).containsEntry("status", 403);
    }
}
