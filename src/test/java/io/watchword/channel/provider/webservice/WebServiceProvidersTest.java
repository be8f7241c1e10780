package io.watchword.channel.provider.webservice;

import static io.watchword.channel.provider.TestConnections.connection;
import static io.watchword.channel.provider.TestConnections.email;
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
import io.watchword.channel.provider.JsonSupport;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.FieldError;
import jakarta.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebServiceProvidersTest {

    private static final String NASTY = "He said \"hi\" \\ & bye\nline2 ${to} =+%";

    private final EmailWebServiceProvider emailProvider = new EmailWebServiceProvider();
    private final SmsWebServiceProvider smsProvider = new SmsWebServiceProvider();
    private FakeHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConnectionSpec smsConnection(String contentType, String template, Map<String, String> secrets) {
        JsonObject settings = JsonSupport.objectBuilder()
                .add("url", server.baseUrl() + "/sms")
                .add("headers", JsonSupport.objectBuilder().add("Content-Type", contentType)
                        .add("X-Api-Version", "2").add("Authorization", "overridden"))
                .add("bodyTemplate", template)
                .add("from", "Acme")
                .build();
        return connection("ws-sms", ChannelType.SMS, "sms_webservice", settings, secrets);
    }

    @Test
    void jsonBodyEscapesValuesSoTheyStayInsideTheirStrings() throws Exception {
        ConnectionSpec c = smsConnection("application/json",
                "{\"to\":\"${to}\",\"from\":\"${from}\",\"text\":\"${text}\"}", Map.of());

        DeliveryResult result = smsProvider.send(c, sms("+15551234567", null, NASTY));

        FakeHttpServer.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/sms");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Api-Version")).isEqualTo("2");
        JsonObject body = JsonSupport.parseObject(r.body()).orElseThrow();
        assertThat(body.getString("to")).isEqualTo("+15551234567");
        assertThat(body.getString("from")).isEqualTo("Acme");
        assertThat(body.getString("text")).isEqualTo(NASTY);
        assertThat(result.providerStatus().asJsonObject().getInt("status")).isEqualTo(200);
    }

    @Test
    void formBodyUrlEncodesValues() throws Exception {
        ConnectionSpec c = smsConnection("application/x-www-form-urlencoded; charset=UTF-8",
                "to=${to}&from=${from}&text=${text}", Map.of());

        smsProvider.send(c, sms("+15551234567", "Ünïcode & Co", NASTY));

        String body = server.requests().get(0).body();
        assertThat(body).startsWith("to=%2B15551234567&from=").doesNotContain("\n").doesNotContain("\"");
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(fields).containsEntry("to", "+15551234567").containsEntry("from", "Ünïcode & Co")
                .containsEntry("text", NASTY).hasSize(3);
    }

    @Test
    void otherContentTypesGetValuesAsTheyAre() throws Exception {
        smsProvider.send(smsConnection("text/plain", "${to}|${text}|${unknown}", Map.of()),
                sms("+15551234567", null, "a \"b\""));

        assertThat(server.requests().get(0).body()).isEqualTo("+15551234567|a \"b\"|${unknown}");
    }

    @Test
    void authorizationSecretIsSentVerbatimAndWinsOverConfiguredHeaders() throws Exception {
        smsProvider.send(smsConnection("text/plain", "${text}", Map.of("authorization", "Token s3cr3t-value")),
                sms("+15551234567", null, "hi"));

        FakeHttpServer.Request r = server.requests().get(0);
        assertThat(r.headers().get("Authorization")).containsExactly("Token s3cr3t-value");
    }

    @Test
    void emailWebServiceJoinsRecipientsInOneCallWithTheConfiguredMethod() throws Exception {
        JsonObject settings = json("{'url':'" + server.baseUrl() + "/mail','method':'put',"
                + "'headers':{'Content-Type':'application/json'},"
                + "'bodyTemplate':'{\\'to\\':\\'${to}\\',\\'subject\\':\\'${subject}\\',\\'text\\':\\'${text}\\',\\'from\\':\\'${senderName}\\'}'}");
        ConnectionSpec c = connection("ws-mail", ChannelType.EMAIL, "email_webservice", settings, Map.of());

        emailProvider.send(c, email(List.of("a@example.com", "b@example.com"), "Acmé", "Your \"code\"", "123456"));

        assertThat(server.requests()).hasSize(1);
        FakeHttpServer.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("PUT");
        JsonObject body = JsonSupport.parseObject(r.body()).orElseThrow();
        assertThat(body.getString("to")).isEqualTo("a@example.com, b@example.com");
        assertThat(body.getString("subject")).isEqualTo("Your \"code\"");
        assertThat(body.getString("from")).isEqualTo("Acmé");
    }

    @Test
    void emailWebServiceRefusesLineBreaksInHeaderValues() {
        JsonObject settings = json("{'url':'" + server.baseUrl() + "/mail','bodyTemplate':'${subject}'}");
        ConnectionSpec c = connection("ws-mail", ChannelType.EMAIL, "email_webservice", settings, Map.of());

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () ->
                emailProvider.send(c, email(List.of("a@example.com"), null, "Hi\r\nBcc: x@evil.com", "t")));

        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_RECIPIENT);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void non2xxIsAProviderErrorWithStatusAndNoSecretEvenWhenEchoed() {
        server.on("/sms", r -> Response.json(502, "{\"error\":\"bad auth " + r.header("Authorization") + "\"}"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> smsProvider.send(
                smsConnection("text/plain", "${text}", Map.of("authorization", "Bearer topsecret-token")),
                sms("+15551234567", null, "hi")));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", "sms_webservice").containsEntry("status", 502);
        assertThat(e.details().toString()).doesNotContain("topsecret-token");
        assertThat(e.getMessage()).doesNotContain("topsecret-token");
    }

    @Test
    void any2xxIsSuccess() throws Exception {
        server.on("/sms", new Response(204, "", 0, Map.of()));

        DeliveryResult result = smsProvider.send(smsConnection("text/plain", "${text}", Map.of()),
                sms("+15551234567", null, "hi"));

        assertThat(result.providerStatus().asJsonObject().getInt("status")).isEqualTo(204);
    }

    @Test
    void validationReportsEveryError() {
        JsonObject settings = json("{'url':'ftp://x','method':'FETCH','headers':{'Host':'x','X-N':1,'Bad Name':'v'},"
                + "'timeoutMillis':-5}");

        List<FieldError> errors = smsProvider.validate(settings, Map.of("authorization", "x", "apiKey", "y"));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "settings.url", "settings.method", "settings.headers.Host", "settings.headers.X-N",
                "settings.headers.Bad Name", "settings.bodyTemplate", "settings.timeoutMillis", "secrets.apiKey");
    }

    @Test
    void anSmsSenderSettingMustBeAString() {
        assertThat(smsProvider.validate(json("{'url':'https://sms.example.com','bodyTemplate':'x','from':5}"), Map.of()))
                .containsExactly(new FieldError("settings.from", "must be a string"));
    }

    @Test
    void headersThatAreNotAnObjectAreReported() {
        List<FieldError> errors = emailProvider.validate(
                json("{'url':'https://mail.example.com/send','headers':['a'],'bodyTemplate':'x'}"), Map.of());

        assertThat(errors).containsExactly(new FieldError("settings.headers", "must be an object of header names to strings"));
    }

    @Test
    void anAuthorizationSecretWithALineBreakIsRefusedBeforeItBecomesAHeader() {
        assertThat(emailProvider.validate(json("{'url':'https://mail.example.com/send','bodyTemplate':'x'}"),
                Map.of("authorization", "Bearer abc\r\nX-Injected: 1")))
                .containsExactly(new FieldError("secrets.authorization", "must not contain line breaks"));
    }

    @Test
    void aCompleteConnectionIsValid() {
        assertThat(emailProvider.validate(json("{'url':'https://mail.example.com/send','method':'POST',"
                + "'headers':{'Content-Type':'application/json'},'bodyTemplate':'{}','timeoutMillis':'5000'}"),
                Map.of("authorization", "Basic abc"))).isEmpty();
    }
}
