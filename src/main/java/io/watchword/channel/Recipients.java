package io.watchword.channel;

import java.util.List;
import java.util.regex.Pattern;

/** Recipient formats of the channels, and how a recipient is shown to the client (masked). */
public final class Recipients {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    /** Deliberately plain: one @, a dot in the domain, no spaces or control characters. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}.]+");
    private static final String DOT = "\u2022";

    private Recipients() {
    }

    public static boolean isPhone(String s) {
        return s != null && E164.matcher(s).matches();
    }

    public static boolean isEmail(String s) {
        return s != null && s.length() <= 254 && EMAIL.matcher(s).matches();
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
