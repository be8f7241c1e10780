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
import io.watchword.platform.FieldError;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLException;

/**
 * Email over SMTP with Jakarta Mail: one message addressed to every recipient, subject and
 * sender name encoded as UTF-8 (RFC 2047), authenticated when {@code username} is set.
 *
 * <p>Header injection: a CR or LF in the subject, the sender name or a recipient is refused
 * with {@code invalid_recipient} before anything is sent, never passed on (Jakarta Mail would
 * fold or encode some of them, but a refusal is the only behaviour that is obviously safe).
 *
 * <p>Sessions are cached per distinct configuration (a {@link Session} is thread-safe); a
 * send opens one SMTP connection. Write timeouts run on the server's managed scheduler instead of
 * the thread per connection Jakarta Mail would otherwise start.
 */
@ApplicationScoped
@ProviderKind(SmtpProvider.NAME)
public class SmtpProvider implements MessageProvider {

    public static final String NAME = "smtp";
    static final String PASSWORD = "password";
    private static final int MAX_SESSIONS = 64;

    private final ConcurrentMap<Properties, Session> sessions = new ConcurrentHashMap<>();
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
    public List<FieldError> validate(JsonObject settings, Map<String, String> secrets) {
        SettingsCheck check = SettingsCheck.of(settings).fields(FIELDS, secrets);
        String from = Settings.text(settings, "fromAddress");
        if (from != null && check.errors().stream().noneMatch(e -> e.field().equals("settings.fromAddress"))
                && parseAddress(from) == null) {
            check.error("settings.fromAddress", "is not an email address");
        }
        return check.errors();
    }

    @Override
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        JsonObject settings = connection.settings();
        InternetAddress[] to = recipients(message.recipients());
        refuseLineBreaks(message.subject());
        refuseLineBreaks(message.from());
        InternetAddress from = sender(Settings.required(settings, "fromAddress", NAME), message.from());

        Session session = session(settings);
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
            throw failure(e);
        } catch (MessagingException e) {
            throw failure(e);
        }
    }

    private Session session(JsonObject settings) throws DeliveryException {
        String timeout = String.valueOf(Settings.timeoutMillis(settings));
        SmtpSecurity security = SmtpSecurity.of(Settings.text(settings, "security", SmtpSecurity.DEFAULT.id()))
                .orElseThrow(() -> DeliveryException.provider(NAME, null, "connection setting security is invalid"));
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", "smtp");
        props.setProperty("mail.smtp.host", Settings.required(settings, "host", NAME));
        props.setProperty("mail.smtp.port", Settings.required(settings, "port", NAME));
        props.setProperty("mail.smtp.from", Settings.required(settings, "fromAddress", NAME));
        props.setProperty("mail.smtp.auth", String.valueOf(Settings.text(settings, "username") != null));
        props.setProperty("mail.smtp.connectiontimeout", timeout);
        props.setProperty("mail.smtp.timeout", timeout);
        props.setProperty("mail.smtp.writetimeout", timeout);
        if (writeTimeouts != null) {
            props.put("mail.smtp.executor.writetimeout", writeTimeouts);
        }
        security.apply(props, Settings.text(settings, "trust"));
        Session session = sessions.get(props);
        if (session == null) {
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.clear();
            }
            session = sessions.computeIfAbsent(props, Session::getInstance);
        }
        return session;
    }

    private static InternetAddress[] recipients(List<String> recipients) throws DeliveryException {
        if (recipients.isEmpty()) {
            throw DeliveryException.invalidRecipient("no recipient");
        }
        List<InternetAddress> addresses = new ArrayList<>(recipients.size());
        for (String r : recipients) {
            refuseLineBreaks(r);
            InternetAddress address = parseAddress(r);
            if (address == null) {
                throw DeliveryException.invalidRecipient("not an email address");
            }
            addresses.add(address);
        }
        return addresses.toArray(new InternetAddress[0]);
    }

    private static InternetAddress sender(String fromAddress, String senderName) throws DeliveryException {
        InternetAddress address = parseAddress(fromAddress);
        if (address == null) {
            throw DeliveryException.provider(NAME, null, "connection setting fromAddress is not an email address");
        }
        if (senderName == null || senderName.isBlank()) {
            return address;
        }
        try {
            return new InternetAddress(address.getAddress(), senderName.strip(), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** A bare address ({@code user@domain}): no display name, no list, no line break. */
    static InternetAddress parseAddress(String text) {
        if (text == null || text.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(text.strip(), true);
            address.validate();
            String a = address.getAddress();
            return address.getPersonal() == null && a.indexOf('@') > 0 && a.indexOf('@') < a.length() - 1
                    ? address : null;
        } catch (AddressException e) {
            return null;
        }
    }

    private static void refuseLineBreaks(String headerValue) throws DeliveryException {
        if (headerValue != null && (headerValue.indexOf('\r') >= 0 || headerValue.indexOf('\n') >= 0)) {
            throw DeliveryException.invalidRecipient("line break in a mail header value");
        }
    }

    /**
     * A short reason from the exception chain. Server replies may be quoted (they never hold
     * the password: AUTH exchanges are not part of exception messages).
     */
    private static DeliveryException failure(MessagingException e) {
        String reason;
        String answer = null;
        if (e instanceof AuthenticationFailedException) {
            reason = "authentication failed";
        } else if (hasCause(e, UnknownHostException.class)) {
            reason = "unknown host";
        } else if (hasCause(e, ConnectException.class)) {
            reason = "connection refused or unreachable";
        } else if (hasCause(e, SocketTimeoutException.class)) {
            reason = "timeout";
        } else if (hasCause(e, SSLException.class)) {
            reason = "TLS handshake failed";
        } else {
            // The server's reply text is the provider's answer: for admins only.
            String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            text = text.replaceAll("[\\r\\n]+", " ").strip();
            answer = text.length() > 160 ? text.substring(0, 160) + "…" : text;
            reason = "refused by the SMTP server";
        }
        return DeliveryException.provider(NAME, null, reason, answer);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c instanceof MessagingException m && m.getNextException() != null && m.getNextException() != c.getCause()
                    && hasCause(m.getNextException(), type)) {
                return true;
            }
        }
        return false;
    }
}
