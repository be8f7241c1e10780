package io.watchword.channel;

import java.util.Optional;
import java.util.Set;

/**
 * The ITU-T E.164 country calling code at the start of a phone number. Codes are
 * prefix-free: 1 and 7 have one digit, the listed ones two, every other three.
 */
public final class CountryCodes {

    private static final Set<String> TWO_DIGIT = Set.of(
            "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
            "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
            "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94",
            "95", "98");

    private CountryCodes() {
    }

    public static Optional<String> of(String e164) {
        if (e164 == null || e164.length() < 4 || e164.charAt(0) != '+') {
            return Optional.empty();
        }
        String d = e164.substring(1);
        if (d.charAt(0) == '1' || d.charAt(0) == '7') {
            return Optional.of(d.substring(0, 1));
        }
        String two = d.substring(0, 2);
        return Optional.of(TWO_DIGIT.contains(two) ? two : d.substring(0, 3));
    }
}
