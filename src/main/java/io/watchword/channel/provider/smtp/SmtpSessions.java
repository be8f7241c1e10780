package io.watchword.channel.provider.smtp;

import io.watchword.channel.DeliveryException;
import io.watchword.channel.provider.Settings;
import jakarta.json.JsonObject;
import jakarta.mail.Session;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Jakarta Mail sessions, one per distinct configuration (a {@link Session} is thread-safe), at
 * most {@value #MAX_SESSIONS} kept. Write timeouts run on the executor given (the server's
 * managed scheduler) instead of the thread per connection Jakarta Mail would otherwise start.
 */
final class SmtpSessions {

    private static final int MAX_SESSIONS = 64;

    private final ConcurrentMap<Properties, Session> sessions = new ConcurrentHashMap<>();

    /** The session for the connection's settings; {@code writeTimeouts} may be null (outside a server). */
    Session of(JsonObject settings, ScheduledExecutorService writeTimeouts) throws DeliveryException {
        Properties props = properties(settings);
        if (writeTimeouts != null) {
            props.put("mail.smtp.executor.writetimeout", writeTimeouts);
        }
        Session session = sessions.get(props);
        if (session == null) {
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.clear();
            }
            session = sessions.computeIfAbsent(props, Session::getInstance);
        }
        return session;
    }

    private static Properties properties(JsonObject settings) throws DeliveryException {
        String timeout = String.valueOf(Settings.timeoutMillis(settings));
        SmtpSecurity security = SmtpSecurity.of(Settings.text(settings, "security", SmtpSecurity.DEFAULT.id()))
                .orElseThrow(() -> DeliveryException.provider(SmtpProvider.NAME, null, "connection setting security is invalid"));
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", "smtp");
        props.setProperty("mail.smtp.host", Settings.required(settings, "host", SmtpProvider.NAME));
        props.setProperty("mail.smtp.port", Settings.required(settings, "port", SmtpProvider.NAME));
        props.setProperty("mail.smtp.from", Settings.required(settings, "fromAddress", SmtpProvider.NAME));
        props.setProperty("mail.smtp.auth", String.valueOf(Settings.text(settings, "username") != null));
        props.setProperty("mail.smtp.connectiontimeout", timeout);
        props.setProperty("mail.smtp.timeout", timeout);
        props.setProperty("mail.smtp.writetimeout", timeout);
        security.apply(props, Settings.text(settings, "trust"));
        return props;
    }
}
