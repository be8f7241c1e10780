package io.watchword.it;

import static io.watchword.it.Journeys.untilOtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URL;
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

/**
 * Contract §11, email recipients: a client-chosen address that smuggles JSON into an
 * {@code email_webservice} body, or a message to more than {@code watchword.email.max-recipients}
 * addresses, fails the step with {@code invalid_recipient} and never reaches the web service.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EmailRecipientsIT {

    static final int HTTP_PORT = Deployments.port(3061);
    static final String TEMPLATE = "{\"to\":\"${to}\",\"subject\":\"${subject}\",\"text\":\"${text}\"}";

    static FakeHttpServer http;

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @BeforeAll
    static void peers() throws Exception {
        http = new FakeHttpServer(HTTP_PORT);
        http.on("/mail/send", Response.json(202, "{\"id\":\"m1\"}"));
    }

    @AfterAll
    static void stopPeers() {
        http.close();
    }

    @BeforeEach
    void client() {
        api = new Api(url);
        http.reset();
        http.on("/mail/send", Response.json(202, "{\"id\":\"m1\"}"));
        JsonObject connection = Json.createObjectBuilder().add("name", "it-rcpt-ws").add("channel", "email")
                .add("provider", "email_webservice")
                .add("settings", Json.createObjectBuilder().add("url", "http://127.0.0.1:" + HTTP_PORT + "/mail/send")
                        .add("headers", Json.createObjectBuilder().add("Content-Type", "application/json"))
                        .add("bodyTemplate", TEMPLATE))
                .build();
        Api.Answer a = api.admin("PUT", "/connections/it-rcpt-ws", connection);
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    @Test
    void anAddressThatBreaksOutOfTheJsonBodyIsRefusedBeforeTheWebService() {
        journey("it_rcpt_inject", "identify.to");
        for (String hostile : new String[] {
            "victim@corp.com\",\"text\":\"Your code is 000000",
            "\"victim\"@corp.com",
            "victim@corp.com,attacker@evil.example",
            "victim@corp.com;attacker@evil.example",
            "<victim@corp.com>",
            "vic\\tim@corp.com",
            "a".repeat(65) + "@corp.com",
            "victim@corp_com.example",
            "victim@-corp.com",
            "victim@corp..com"}) {
            JsonObject answer = untilOtp(api, "it_rcpt_inject", unique("inject"), hostile);
            assertFailed(answer, "invalid_recipient", hostile);
        }
        assertThat(http.requests("/mail/send")).as("requests that reached the web service").isEmpty();

        // A plain address and an internationalised domain still go through.
        assertThat(untilOtp(api, "it_rcpt_inject", unique("ok"), "jane.doe+otp@example.com").getString("type"))
                .isNotEqualTo("journey_rejection");
        assertThat(untilOtp(api, "it_rcpt_inject", unique("idn"), "jane@bücher.example").getString("type"))
                .isNotEqualTo("journey_rejection");
        assertThat(http.requests("/mail/send")).hasSize(2);
    }

    @Test
    void moreRecipientsThanTheLimitFailTheStepAndSendNothing() {
        JsonArrayBuilder eleven = Json.createArrayBuilder();
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            list.append(i == 0 ? "" : ", ").append("'r").append(i).append("@example.com'");
        }
        journey("it_rcpt_eleven", list.append(']').toString());
        assertFailed(untilOtp(api, "it_rcpt_eleven", unique("eleven"), null), "invalid_recipient", "11 recipients");
        assertThat(http.requests("/mail/send")).isEmpty();

        StringBuilder ten = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            ten.append(i == 0 ? "" : ", ").append("'r").append(i).append("@example.com'");
        }
        journey("it_rcpt_ten", ten.append(']').toString());
        assertThat(untilOtp(api, "it_rcpt_ten", unique("ten"), null).getString("type")).isNotEqualTo("journey_rejection");
        assertThat(http.requests("/mail/send")).hasSize(1);
    }

    private void journey(String id, String recipients) {
        JsonObjectBuilder email = Json.createObjectBuilder().add("connection", "it-rcpt-ws").add("recipients", recipients)
                .add("subject", "Your code").add("body", "Code: ${otp}");
        Api.Answer a = api.admin("PUT", "/journeys/" + id, Journeys.otp(id, "email", email));
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    private static void assertFailed(JsonObject answer, String code, String what) {
        assertThat(answer.getString("type")).as(what + " -> " + answer).isEqualTo("journey_rejection");
        assertThat(answer.getJsonObject("errorData").getString("description")).as(what).startsWith(code + "|");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
