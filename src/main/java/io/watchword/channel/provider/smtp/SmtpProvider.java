package io.watchword.channel.provider.smtp;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderFields.Kind;
import io.watchword.channel.ProviderKind;
import io.watchword.channel.provider.JsonSupport;
import io.watchword.channel.provider.Settings;
import io.watchword.channel.provider.SettingsCheck;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * Email over SMTP with Jakarta Mail: one message addressed to every recipient, subject and
 * sender name encoded as UTF-8 (RFC 2047), authenticated when {@code username} is set. Header
 * values are checked first ({@link MailAddresses}); a send opens one SMTP connection through a
 * cached session ({@link SmtpSessions}).
 */
@ApplicationScoped
@ProviderKind(SmtpProvider.NAME)
public class SmtpProvider implements MessageProvider {

    public static final String NAME = "smtp";
    static final String PASSWORD = "password";

    private final SmtpSessions sessions = new SmtpSessions();
    /** The server's scheduler (never a pool of our own); absent only outside a server, in plain unit tests. */
    @Resource
    ManagedScheduledExecutorService writeTimeouts;

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.EMAIL);
    }

    static final ProviderFields FIELDS = ProviderFields.builder()
            .required("host", Kind.TEXT)
            .required("port", Kind.PORT)
            .required("fromAddress", Kind.TEXT)
            .choice("security", Arrays.stream(SmtpSecurity.values()).map(SmtpSecurity::id).toList(),
                    SmtpSecurity.DEFAULT.id())
            .optional("username", Kind.TEXT)
            .optional("trust", Kind.TEXT)
            .optional("timeoutMillis", Kind.MILLIS, String.valueOf(Settings.DEFAULT_TIMEOUT_MILLIS))
            .secret(PASSWORD, false)
            .build();

    @Override
    public ProviderFields fields() {
        return FIELDS;
    }

    @Override
    public void checkMore(SettingsCheck check, JsonObject settings, Map<String, String> secrets) {
        String from = Settings.text(settings, "fromAddress");
        if (from != null && check.errors().stream().noneMatch(e -> e.field().equals("settings.fromAddress"))
                && MailAddresses.parse(from) == null) {
            check.error("settings.fromAddress", "is not an email address");
        }
    }

    @Override
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        JsonObject settings = connection.settings();
        InternetAddress[] to = MailAddresses.recipients(message.recipients());
        MailAddresses.refuseLineBreaks(message.subject());
        MailAddresses.refuseLineBreaks(message.from());
        InternetAddress from = MailAddresses.sender(Settings.required(settings, "fromAddress", NAME), message.from());

        Session session = sessions.of(settings, writeTimeouts);
        String username = Settings.text(settings, "username");
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(from);
            mime.setRecipients(Message.RecipientType.TO, to);
            mime.setSubject(message.subject() == null ? "" : message.subject(), "UTF-8");
            mime.setText(message.text() == null ? "" : message.text(), "UTF-8");
            mime.setSentDate(new Date());
            mime.saveChanges();
            if (username != null) {
                String password = connection.secret(PASSWORD);
                Transport.send(mime, username, password == null ? "" : password);
            } else {
                Transport.send(mime);
            }
            return new DeliveryResult(JsonSupport.objectBuilder()
                    .add("messageId", mime.getMessageID() == null ? "" : mime.getMessageID())
                    .add("recipients", to.length)
                    .build());
        } catch (SendFailedException e) {
            if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0
                    && (e.getValidSentAddresses() == null || e.getValidSentAddresses().length == 0)) {
                throw DeliveryException.invalidRecipient("the mail server refused the recipient");
            }
            throw SmtpFailures.of(e);
        } catch (MessagingException e) {
            throw SmtpFailures.of(e);
        }
    }
}
