package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tracer: the example email journey end to end through the client protocol, with the
 * passcode travelling over real SMTP to GreenMail.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TracerJourneyIT {

    static final int SMTP_PORT = Deployments.port(3025);

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @BeforeEach
    void smtpConnection() {
        api = new Api(url);
        Examples.ensure(api);
        JsonObject conn = Json.createObjectBuilder().add("name", "demo-email").add("channel", "email")
                .add("provider", "smtp").add("settings", Json.createObjectBuilder()
                        .add("host", "127.0.0.1").add("port", SMTP_PORT).add("fromAddress", "login@acme.test")
                        .add("security", "none")).build();
        assertThat(api.admin("PUT", "/connections/demo-email", conn).status()).isIn(200, 201);
    }

    @Test
    void emailJourneySucceedsWithThePasscodeFromTheMail() throws Exception {
        JsonObject form = api.start("otp_login_email", null).json();
        assertThat(form.getString("type")).isEqualTo("client_input_required");
        assertThat(form.getString("journeyStepId")).isEqualTo("identify");

        JsonObject otp = api.respond(form, "client_input", Api.obj("email", "jane@example.com")).json();
        assertThat(otp.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        assertThat(otp.getJsonObject("data").getString("recipient")).isEqualTo("j\u2022\u2022\u2022@example.com");
        assertThat(otp.getJsonObject("data").getInt("attempts_left")).isEqualTo(3);
        assertThat(otp.getJsonObject("clientResponseOptions").keySet()).contains("client_input", "resend", "cancel");

        String code = passcodeFromMail("jane@example.com");
        Api.Answer done = api.passcode(otp, code);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().getString("type")).isEqualTo("journey_success");
        assertThat(done.json().getString("journeyStepId")).isEqualTo("action:success");
        assertThat(done.json().getString("token")).matches("[^.]+\\.[^.]+\\.[^.]+");
    }

    @Test
    void wrongPasscodeLeavesTwoAttempts() throws Exception {
        JsonObject form = api.start("otp_login_email", null).json();
        JsonObject otp = api.respond(form, "client_input", Api.obj("email", "wrong@example.com")).json();
        String code = passcodeFromMail("wrong@example.com");
        String wrong = code.equals("000000") ? "111111" : "000000";

        JsonObject again = api.passcode(otp, wrong).json();
        assertThat(again.getString("type")).isEqualTo("client_input_update_required");
        assertThat(again.getJsonObject("errorData").getString("errorCode")).isEqualTo("invalid_credentials");
        assertThat(again.getJsonObject("data").getInt("attempts_left")).isEqualTo(2);

        JsonObject done = api.passcode(again, code).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
    }

    @Test
    void adminApiWithoutCredentialsIsRefusedWithProblemJson() {
        Api.Answer a = api.send("GET", "/api/admin/connections", null, null, null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().getInt("status")).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).containsIgnoringCase("basic");

        Api.Answer guest = api.send("GET", "/api/admin/connections", null, null, Api.basic(Api.GUEST));
        assertThat(guest.status()).isEqualTo(403);
        assertThat(guest.contentType()).startsWith("application/problem+json");
    }

    @Test
    void malformedBodiesAreBadRequests() {
        Api.Answer start = api.send("POST", "/api/journeys/otp_login_email/start", "{not json", "application/json", null);
        assertThat(start.status()).isEqualTo(400);
        assertThat(start.contentType()).startsWith("application/problem+json");
        assertThat(start.body()).doesNotContain("Exception").doesNotContain("at io.");

        JsonObject form = api.start("otp_login_email", null).json();
        Api.Answer noOption = api.send("POST", "/api/flows/" + form.getString("flowId") + "/responses", "{}",
                "application/json", "Bearer " + form.getString("interactionToken"));
        assertThat(noOption.status()).isEqualTo(400);
        assertThat(noOption.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("option");

        assertThat(api.start("no_such_journey", null).status()).isEqualTo(404);
        assertThat(api.respond("unknownflow1", "x", "client_input", null).status()).isEqualTo(404);
        assertThat(api.respond(form.getString("flowId"), "wrong-token", "client_input", null).status()).isEqualTo(401);
    }

    static String passcodeFromMail(String to) throws Exception {
        for (int i = 0; i < 50; i++) {
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals(to)) {
                    Matcher matcher = Pattern.compile("\\b(\\d{6})\\b").matcher(GreenMailUtil.getBody(m));
                    if (matcher.find()) {
                        return matcher.group(1);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No mail reached " + to);
    }
}
