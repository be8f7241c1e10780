package io.watchword.channel.provider.twilio;

import static io.watchword.channel.provider.TestConnections.json;
import static io.watchword.channel.provider.TestConnections.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import io.watchword.channel.provider.TestConnections;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.FieldError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioProviderTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    private final TwilioProvider provider = new TwilioProvider();
    private final String authToken = UUID.randomUUID().toString();
    private FakeHttpServer twilio;

    @BeforeEach
    void start() throws Exception {
        twilio = new FakeHttpServer().on(PATH, Response.json(201,
                "{\"sid\":\"SM123\",\"status\":\"queued\",\"to\":\"+15551234567\"}"));
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    private ConnectionSpec connection(String senderSettings) {
        return TestConnections.connection("twilio", ChannelType.SMS, "twilio",
                json("{'accountSid':'" + SID + "','baseUrl':'" + twilio.baseUrl() + "'" + senderSettings + "}"),
                Map.of("authToken", authToken));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void postsTheMessagesApiFormWithBasicAuthAndReportsSidAndStatus() throws Exception {
        DeliveryResult result = provider.send(connection(",'from':'+15550000000'"),
                sms("+15551234567", null, "Your code is 123456 & more"));

        FakeHttpServer.Request r = twilio.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(PATH);
        assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((SID + ":" + authToken).getBytes(StandardCharsets.UTF_8)));
        assertThat(form(r.body())).containsExactly(Map.entry("To", "+15551234567"),
                Map.entry("Body", "Your code is 123456 & more"), Map.entry("From", "+15550000000"));
        assertThat(result.providerStatus().asJsonObject().getString("sid")).isEqualTo("SM123");
        assertThat(result.providerStatus().asJsonObject().getString("status")).isEqualTo("queued");
    }

    @Test
    void theStepsSenderWinsOverTheConnections() throws Exception {
        provider.send(connection(",'from':'+15550000000','messagingServiceSid':'MG1'"),
                sms("+15551234567", "Acme", "hi"));

        assertThat(form(twilio.requests().get(0).body())).containsEntry("From", "Acme")
                .doesNotContainKey("MessagingServiceSid");
    }

    @Test
    void withoutASenderTheMessagingServicePicksOne() throws Exception {
        provider.send(connection(",'messagingServiceSid':'MG0123'"), sms("+15551234567", null, "hi"));

        assertThat(form(twilio.requests().get(0).body())).containsEntry("MessagingServiceSid", "MG0123")
                .doesNotContainKey("From");
    }

    @Test
    void twiliosErrorCodeAndMessageBecomeTheReason() {
        twilio.on(PATH, Response.json(400, "{\"code\":21211,\"message\":\"The 'To' number +1555 is not a valid phone number.\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(",'from':'+15550000000'"), sms("+1555", null, "hi")));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", "twilio").containsEntry("status", 400)
                .containsEntry("reason", "Twilio error 21211");
        // Twilio's own text reaches admins only (contract §11)
        assertThat(e.providerAnswer()).isEqualTo("Twilio error 21211: The 'To' number +1555 is not a valid phone number.");
    }

    @Test
    void aServerErrorWithoutJsonIsReportedByStatus() {
        twilio.on(PATH, new Response(503, "", 0, Map.of()));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                provider.send(connection(",'from':'+15550000000'"), sms("+15551234567", null, "hi")));

        assertThat(e.details()).containsEntry("status", 503).containsEntry("reason", "HTTP 503");
        assertThat(e.getMessage()).doesNotContain(authToken);
    }

    @Test
    void validationReportsEveryError() {
        List<FieldError> errors = provider.validate(json("{'accountSid':'AC/../x','baseUrl':'api.twilio.com',"
                + "'timeoutMillis':0}"), Map.of("password", "x"));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("settings.accountSid",
                "settings.from", "settings.baseUrl", "settings.timeoutMillis", "secrets.password", "secrets.authToken");
    }

    @Test
    void missingAccountSidAndAuthTokenAreRequired() {
        List<FieldError> errors = provider.validate(json("{'messagingServiceSid':'MG1'}"), Map.of());

        assertThat(errors).containsExactlyInAnyOrder(new FieldError("settings.accountSid", "is required"),
                new FieldError("secrets.authToken", "is required"));
    }
}
