package io.watchword.channel.provider.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How an SMTP connection is protected. {@code starttls} (the default) upgrades a plain
 * connection and <em>requires</em> the upgrade: a server that does not offer STARTTLS — or a
 * man in the middle who strips the offer — fails the send instead of receiving the passcode
 * and password in clear. {@code ssl} is TLS from the first byte (SMTPS, usually port 465).
 * Server certificates are verified (chain and host name) unless the connection's optional
 * {@code trust} setting — Jakarta Mail's {@code mail.smtp.ssl.trust}: space-separated hosts, or
 * {@code *} — names the host; that is for servers with self-signed certificates only.
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
            // The admin vouches for these hosts (self-signed or internal CA): neither the chain
            // nor the name is checked, as Jakarta Mail's ssl.trust intends.
            props.setProperty("mail.smtp.ssl.trust", trust);
            props.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        } else {
            props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
    }
}
