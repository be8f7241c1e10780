package io.watchword.channel;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Recipient formats of the channels, and how a recipient is shown to the client (masked). */
public final class Recipients {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    /**
     * RFC 5321 {@code Dot-string}: atoms of atext joined by single dots. Quoted local parts are
     * refused, and atext has none of {@code <>",;\\}, spaces or control characters.
     */
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** An LDH label (RFC 1035/5890): letters, digits, hyphens inside, 1–63 characters. */
    private static final Pattern LDH_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final String DOT = "\u2022";

    private Recipients() {
    }

    public static boolean isPhone(String s) {
        return s != null && E164.matcher(s).matches();
    }

    /**
     * An RFC 5321 mailbox {@code local@domain}: a dot-string local part of at most 64 octets
     * (no quoted local parts) and a domain of at least two LDH labels, or an IDN whose
     * A-label form is one; at most 254 characters in all. The one check of every email
     * recipient (the OTP step, the email channel, the connection test).
     */
    public static boolean isEmail(String s) {
        if (s == null || s.length() > 254) {
            return false;
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            return false;
        }
        String local = s.substring(0, at);
        return local.getBytes(StandardCharsets.UTF_8).length <= 64 && LOCAL_PART.matcher(local).matches()
                && isDomain(s.substring(at + 1));
    }

    private static boolean isDomain(String domain) {
        String ascii;
        try {
            // IDN: "bücher.example" → "xn--bcher-kva.example"; STD3 rules refuse anything but LDH.
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (ascii.isEmpty() || ascii.length() > 253 || ascii.endsWith(".")) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LDH_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // The top-level label is not all digits (that would be an IP address, not a domain).
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** Why a message's email recipients cannot be sent to, or null when they can. */
    public static String emailProblem(List<String> recipients, int maxRecipients) {
        if (recipients == null || recipients.isEmpty()) {
            return "There is no recipient.";
        }
        if (recipients.size() > maxRecipients) {
            return "A message has at most " + maxRecipients + " recipients (watchword.email.max-recipients), not "
                    + recipients.size() + ".";
        }
        for (String r : recipients) {
            if (!isEmail(r)) {
                return "A recipient is not an email address.";
            }
        }
        return null;
    }

    public static boolean hasLineBreak(String s) {
        return s != null && (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0);
    }

    /** {@code +15551234567} → {@code +1•••••••4567}: the country code and last four digits stay. */
    public static String maskPhone(String e164) {
        String cc = CountryCodes.of(e164).orElse("");
        String digits = e164.substring(1);
        int hidden = Math.max(0, digits.length() - cc.length() - 4);
        return "+" + cc + DOT.repeat(hidden) + digits.substring(cc.length() + hidden);
    }

    /** {@code jane@example.com} → {@code j•••@example.com}. */
    public static String maskEmail(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return DOT.repeat(3);
        }
        return email.charAt(0) + DOT.repeat(3) + email.substring(at);
    }

    public static String mask(ChannelType channel, List<String> recipients, String deviceName) {
        return switch (channel) {
            case SMS -> String.join(", ", recipients.stream().map(Recipients::maskPhone).toList());
            case EMAIL -> String.join(", ", recipients.stream().map(Recipients::maskEmail).toList());
            // Never the device name: it is the user's own label, and a step may show it to whoever
            // typed the user id (contract §11).
            case PUSH -> "your device";
        };
    }
}
