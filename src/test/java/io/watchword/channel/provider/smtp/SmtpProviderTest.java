package io.watchword.channel.provider.smtp;

import static io.watchword.channel.provider.TestConnections.email;
import static io.watchword.channel.provider.TestConnections.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.provider.TestConnections;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.FieldError;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpProviderTest {

    private static final String PASSWORD = UUID.randomUUID().toString();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("noreply@acme.test", "mailer", PASSWORD));

    private final SmtpProvider provider = new SmtpProvider();

    private static ConnectionSpec connection(String security, int port, String extra, Map<String, String> secrets) {
        return TestConnections.connection("mail", ChannelType.EMAIL, "smtp",
                json("{'host':'127.0.0.1','port':" + port + ",'fromAddress':'noreply@acme.test','security':'" + security
                        + "','timeoutMillis':3000" + extra + "}"), secrets);
    }

    private static ConnectionSpec plain() {
        return connection("none", MAIL.getSmtp().getPort(), "", Map.of());
    }

    private static OutboundMessage code(List<String> to) {
        return email(to, "Acme", "Your Acme code", "Your code is 123456.");
    }

    @Test
    void sendsOneMessageAddressedToEveryRecipient() throws Exception {
        DeliveryResult result = provider.send(plain(), code(List.of("jane@example.com", "joe@example.com")));

        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per mailbox, both the same message
        MimeMessage m = received[0];
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("jane@example.com", "joe@example.com");
        assertThat(received[1].getMessageID()).isEqualTo(m.getMessageID());
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("noreply@acme.test");
        assertThat(m.getSubject()).isEqualTo("Your Acme code");
        assertThat(((String) m.getContent()).strip()).isEqualTo("Your code is 123456.");
        assertThat(result.providerStatus().asJsonObject().getInt("recipients")).isEqualTo(2);
    }

    @Test
    void nonAsciiSenderNameAndSubjectAreEncodedAsUtf8() throws Exception {
        provider.send(plain(), email(List.of("jane@example.com"), "Société Générale", "Votre code — ✓", "Bonjour"));

        MimeMessage m = MAIL.getReceivedMessages()[0];
        assertThat(m.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(m.getHeader("From")[0]).contains("=?UTF-8?").contains("<noreply@acme.test>");
        assertThat(m.getSubject()).isEqualTo("Votre code — ✓");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Société Générale");
    }

    @Test
    void authenticatesWithUsernameAndPasswordWhenAUsernameIsSet() throws Exception {
        provider.send(connection("none", MAIL.getSmtp().getPort(), ",'username':'mailer'", Map.of("password", PASSWORD)),
                code(List.of("jane@example.com")));

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aWrongPasswordIsAProviderErrorThatDoesNotQuoteIt() {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> provider.send(
                connection("none", MAIL.getSmtp().getPort(), ",'username':'mailer'", Map.of("password", "wrong-pass-42")),
                code(List.of("jane@example.com"))));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.details()).containsEntry("provider", "smtp").containsEntry("reason", "authentication failed");
        assertThat(e.getMessage()).doesNotContain("wrong-pass-42");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNothing() {
        // GreenMail does not offer STARTTLS: with the default security the send must fail, not fall back to clear text.
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> provider.send(
                TestConnections.connection("mail", ChannelType.EMAIL, "smtp", json("{'host':'127.0.0.1','port':"
                        + MAIL.getSmtp().getPort() + ",'fromAddress':'noreply@acme.test','username':'mailer'}"),
                        Map.of("password", PASSWORD)),
                code(List.of("jane@example.com"))));

        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_ERROR);
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void sslDeliversToAServerWhoseSelfSignedCertificateIsTrustedBySetting() throws Exception {
        provider.send(connection("ssl", MAIL.getSmtps().getPort(), ",'trust':'127.0.0.1','username':'mailer'",
                Map.of("password", PASSWORD)), code(List.of("jane@example.com")));

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void sslRefusesAnUntrustedCertificate() {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> provider.send(
                connection("ssl", MAIL.getSmtps().getPort(), "", Map.of()), code(List.of("jane@example.com"))));

        assertThat(e.details()).containsEntry("reason", "TLS handshake failed");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Code\r\nBcc: victim@example.com", "Code\nX-Injected: 1", "Code\r"})
    void lineBreaksInTheSubjectAreRefused(String subject) {
        assertRefused(email(List.of("jane@example.com"), "Acme", subject, "t"));
    }

    @Test
    void lineBreaksInTheSenderNameAreRefused() {
        assertRefused(email(List.of("jane@example.com"), "Acme\r\nBcc: victim@example.com", "Code", "t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@example.com\r\nBcc: victim@example.com", "jane@example.com\n", "not-an-address",
            "Jane <jane@example.com>", "a@example.com, b@example.com", "jane@"})
    void recipientsThatAreNotOneCleanAddressAreRefused(String recipient) {
        assertRefused(email(List.of("ok@example.com", recipient), "Acme", "Code", "t"));
    }

    private void assertRefused(OutboundMessage message) {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> provider.send(plain(), message));

        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_RECIPIENT);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aClosedPortIsAProviderError() {
        DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> provider.send(
                connection("none", TestConnections.closedPort(), "", Map.of()), code(List.of("jane@example.com"))));

        assertThat(e.details()).containsEntry("provider", "smtp").containsEntry("reason", "connection refused or unreachable");
    }

    @Test
    void aServerThatNeverGreetsIsATimeout() throws Exception {
        // The OS completes the TCP handshake from the backlog; nobody ever sends the 220 greeting.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ConnectionSpec c = TestConnections.connection("mail", ChannelType.EMAIL, "smtp", json("{'host':'127.0.0.1',"
                    + "'port':" + silent.getLocalPort() + ",'fromAddress':'noreply@acme.test','security':'none',"
                    + "'timeoutMillis':300}"), Map.of());
            DeliveryException e = catchThrowableOfType(DeliveryException.class,
                    () -> provider.send(c, code(List.of("jane@example.com"))));

            assertThat(e.details()).containsEntry("provider", "smtp").containsEntry("reason", "timeout");
        }
    }

    @Test
    void validationReportsEveryError() {
        List<FieldError> errors = provider.validate(json("{'port':'70000','fromAddress':'Acme <a@b.c>',"
                + "'security':'tls','timeoutMillis':1.5,'username':7}"), Map.of("password", "x", "apiKey", "y"));

        assertThat(errors).containsExactlyInAnyOrder(
                new FieldError("settings.host", "is required"),
                new FieldError("settings.port", "must be an integer from 1 to 65535"),
                new FieldError("settings.fromAddress", "is not an email address"),
                new FieldError("settings.security", "must be one of none, ssl, starttls"),
                new FieldError("settings.username", "must be a string"),
                new FieldError("settings.timeoutMillis", "must be an integer from 1 to 2147483647"),
                new FieldError("secrets.apiKey", "is not a secret of this provider"));
    }

    @Test
    void portMayBeANumberOrANumericString() {
        assertThat(provider.validate(json("{'host':'smtp.acme.test','port':587,'fromAddress':'a@acme.test'}"), Map.of()))
                .isEmpty();
        assertThat(provider.validate(json("{'host':'smtp.acme.test','port':'465','fromAddress':'a@acme.test',"
                + "'security':'ssl'}"), Map.of("password", "p"))).isEmpty();
    }

    @Test
    void missingRequiredSettingsAreEachReported() {
        assertThat(provider.validate(json("{}"), Map.of())).extracting(FieldError::field)
                .containsExactlyInAnyOrder("settings.host", "settings.port", "settings.fromAddress");
    }
}
