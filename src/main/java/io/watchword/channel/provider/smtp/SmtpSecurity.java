package io.watchword.channel.provider.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How an SMTP connection is protected. {@code starttls} (the default) upgrades a plain
 * connection and <em>requires</em> the upgrade: a server that does not offer STARTTLS — or a
 * man in the middle who strips the offer — fails the send instead of receiving the passcode
 * and password in clear. {@code ssl} is TLS from the first byte (SMTPS, usually port 465).
 * Server certificates are checked against the host name unless the connection's {@code trust}
 * setting names the host.
 */
enum SmtpSecurity {
    NONE, STARTTLS, SSL;

    static final SmtpSecurity DEFAULT = STARTTLS;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SmtpSecurity> of(String id) {
        for (SmtpSecurity s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    void apply(Properties props, String trust) {
        switch (this) {
            case STARTTLS -> {
                props.setProperty("mail.smtp.starttls.enable", "true");
                props.setProperty("mail.smtp.starttls.required", "true");
            }
            case SSL -> props.setProperty("mail.smtp.ssl.enable", "true");
            case NONE -> {
                return;
            }
        }
        props.setProperty("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        if (trust != null) {
            props.setProperty("mail.smtp.ssl.trust", trust);
        } else {
            props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
    }
}
