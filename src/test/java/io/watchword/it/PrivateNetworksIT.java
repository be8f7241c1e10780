package io.watchword.it;

import static io.watchword.it.Journeys.untilOtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.spi.ConfigSource;
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
 * Contract §11, private networks: in a deployment with the production rule (not development
 * mode, {@code watchword.connections.allow-private-networks} false — see
 * {@link NoPrivateNetworksConfig}) a connection to a loopback, link-local (cloud metadata) or
 * private address is refused at save naming the setting, and a row that points there anyway
 * (written before the rule, or by hand) is refused at send: nothing reaches the local host.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PrivateNetworksIT {

    static final int HTTP_PORT = Deployments.port(3064);
    static FakeHttpServer local;

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClasses(ConnectionRowsServlet.class, NoPrivateNetworksConfig.class)
                .addAsServiceProvider(ConfigSource.class, NoPrivateNetworksConfig.class);
    }

    @BeforeAll
    static void peers() throws Exception {
        local = new FakeHttpServer(HTTP_PORT);
    }

    @AfterAll
    static void stopPeers() {
        local.close();
    }

    @BeforeEach
    void client() {
        api = new Api(url);
        local.reset();
        local.on("/send", Response.json(200, "{\"ok\":true}"));
    }

    @Test
    void connectionsToLoopbackLinkLocalOrPrivateAddressesAreRefusedAtSave() {
        Map<String, String> urls = Map.of(
                "http://127.0.0.1:" + HTTP_PORT + "/send", "settings.url",
                "http://localhost:" + HTTP_PORT + "/send", "settings.url",
                "http://169.254.169.254/latest/meta-data/", "settings.url",
                "http://10.1.2.3/send", "settings.url",
                "http://192.168.0.10/send", "settings.url",
                "http://[::1]:" + HTTP_PORT + "/send", "settings.url",
                "http://[fe80::1]/send", "settings.url",
                "http://0.0.0.0:" + HTTP_PORT + "/send", "settings.url");
        urls.forEach((target, field) -> {
            Api.Answer a = api.admin("PUT", "/connections/" + unique("ws"), webService(target));
            assertThat(a.status()).as(target + " -> " + a.body()).isEqualTo(400);
            assertThat(a.body()).as(target).contains(field);
        });
        Api.Answer twilio = api.admin("POST", "/connections", Json.createObjectBuilder().add("name", unique("tw"))
                .add("channel", "sms").add("provider", "twilio")
                .add("settings", Json.createObjectBuilder().add("accountSid", "AC00000000000000000000000000000001")
                        .add("from", "+15550001111").add("baseUrl", "http://127.0.0.1:" + HTTP_PORT))
                .add("secrets", Json.createObjectBuilder().add("authToken", "token-000001")).build());
        assertThat(twilio.status()).as(twilio.body()).isEqualTo(400);
        assertThat(twilio.body()).contains("settings.baseUrl");
        Api.Answer smtp = api.admin("POST", "/connections", Json.createObjectBuilder().add("name", unique("smtp"))
                .add("channel", "email").add("provider", "smtp")
                .add("settings", Json.createObjectBuilder().add("host", "127.0.0.1").add("port", 25)
                        .add("fromAddress", "login@acme.test")).build());
        assertThat(smtp.status()).as(smtp.body()).isEqualTo(400);
        assertThat(smtp.body()).contains("settings.host");
        assertThat(local.requests("/send")).isEmpty();
    }

    @Test
    void aStoredConnectionToALoopbackAddressIsRefusedAtSend() {
        String name = unique("stored");
        String settings = Json.createObjectBuilder().add("url", "http://127.0.0.1:" + HTTP_PORT + "/send")
                .add("bodyTemplate", "${to} ${text}").build().toString();
        Api.Answer inserted = api.send("POST", "/it/connection-rows?op=insert&name=" + name
                + "&channel=email&provider=email_webservice&settings=" + URLEncoder.encode(settings, StandardCharsets.UTF_8),
                "", "application/x-www-form-urlencoded", null);
        assertThat(inserted.status()).as(inserted.body()).isEqualTo(200);

        Api.Answer test = api.admin("POST", "/connections/" + name + "/test", Api.obj("to", "jane@example.com"));
        assertThat(test.status()).as(test.body()).isEqualTo(502);
        assertThat(test.body()).contains("private address");

        Api.Answer journey = api.admin("PUT", "/journeys/it_private", Journeys.otp("it_private", "email",
                Json.createObjectBuilder().add("connection", name).add("recipients", "identify.to")
                        .add("subject", "Code").add("body", "Code: ${otp}")));
        assertThat(journey.status()).as(journey.body()).isIn(200, 201);
        JsonObject failed = untilOtp(api, "it_private", unique("u"), "jane@example.com");
        assertThat(failed.getString("type")).as(failed.toString()).isEqualTo("journey_rejection");
        assertThat(failed.getJsonObject("errorData").getString("description")).startsWith("provider_error|");
        assertThat(local.requests("/send")).as("requests that reached the local host").isEmpty();
    }

    private static JsonObject webService(String target) {
        JsonObjectBuilder settings = Json.createObjectBuilder().add("url", target).add("bodyTemplate", "${to} ${text}");
        return Json.createObjectBuilder().add("channel", "email").add("provider", "email_webservice")
                .add("settings", settings).build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
