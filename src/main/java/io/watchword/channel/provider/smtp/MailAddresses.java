package io.watchword.channel.provider.smtp;

import io.watchword.channel.DeliveryException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses and header values of a message, checked before anything is sent. Header
 * injection: a CR or LF in the subject, the sender name or a recipient is refused with
 * {@code invalid_recipient}, never passed on (Jakarta Mail would fold or encode some of them,
 * but a refusal is the only behaviour that is obviously safe).
 */
final class MailAddresses {

    private MailAddresses() {
    }

    static InternetAddress[] recipients(List<String> recipients) throws DeliveryException {
        if (recipients.isEmpty()) {
            throw DeliveryException.invalidRecipient("no recipient");
        }
        List<InternetAddress> addresses = new ArrayList<>(recipients.size());
        for (String r : recipients) {
            refuseLineBreaks(r);
            InternetAddress address = parse(r);
            if (address == null) {
                throw DeliveryException.invalidRecipient("not an email address");
            }
            addresses.add(address);
        }
        return addresses.toArray(new InternetAddress[0]);
    }

    /** The connection's {@code fromAddress} with the message's sender name, encoded as UTF-8 (RFC 2047). */
    static InternetAddress sender(String fromAddress, String senderName) throws DeliveryException {
        InternetAddress address = parse(fromAddress);
        if (address == null) {
            throw DeliveryException.provider(SmtpProvider.NAME, null, "connection setting fromAddress is not an email address");
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
    static InternetAddress parse(String text) {
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

    static void refuseLineBreaks(String headerValue) throws DeliveryException {
        if (headerValue != null && (headerValue.indexOf('\r') >= 0 || headerValue.indexOf('\n') >= 0)) {
            throw DeliveryException.invalidRecipient("line break in a mail header value");
        }
    }
}
