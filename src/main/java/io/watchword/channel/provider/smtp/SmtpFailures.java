package io.watchword.channel.provider.smtp;

import io.watchword.channel.DeliveryException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** What a failed SMTP send says to the step and to admins: a short reason from the exception chain. */
final class SmtpFailures {

    private SmtpFailures() {
    }

    /**
     * A short reason from the exception chain. Server replies may be quoted (they never hold
     * the password: AUTH exchanges are not part of exception messages).
     */
    static DeliveryException of(MessagingException e) {
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
        return DeliveryException.provider(SmtpProvider.NAME, null, reason, answer);
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
