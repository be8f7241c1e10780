package io.watchword.channel;

/**
 * How many SMS a text is billed as (3GPP TS 23.038 alphabets, TS 23.040 concatenation).
 * <p>
 * A text written only in the GSM-7 default alphabet travels in 7-bit septets: 160 in one SMS,
 * 153 per part once it is split (the user data header of a concatenated SMS takes the other 7).
 * A character of the extension table ({@code € [ ] { } \ ^ ~ |} and form feed) is an escape plus
 * a septet, so it counts 2, and a part never ends between the two. One character outside both
 * tables turns the whole text into UCS-2: 70 UTF-16 code units in one SMS, 67 per part; a
 * character outside the Basic Multilingual Plane (an emoji) is a surrogate pair, 2 units that a
 * part does not split either.
 */
public final class SmsSegments {

    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    /** The GSM 03.38 default alphabet (the escape 0x1B excluded), in table order. */
    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** Characters of the extension table, each sent as escape + septet. */
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    /** The encoding a text needs. */
    public enum Encoding { GSM7, UCS2 }

    /** @param encoding the alphabet; @param units septets (GSM-7) or UTF-16 code units (UCS-2); @param segments SMS billed */
    public record Count(Encoding encoding, int units, int segments) {
    }

    private SmsSegments() {
    }

    public static Count of(String text) {
        boolean gsm = text.codePoints().allMatch(SmsSegments::isGsm7);
        return gsm ? pack(text, Encoding.GSM7, GSM7_SINGLE, GSM7_PART) : pack(text, Encoding.UCS2, UCS2_SINGLE, UCS2_PART);
    }

    /** Whether a character is in the default alphabet or its extension table. */
    public static boolean isGsm7(int codePoint) {
        return GSM7_BASIC.indexOf(codePoint) >= 0 || GSM7_EXTENSION.indexOf(codePoint) >= 0;
    }

    private static Count pack(String text, Encoding encoding, int single, int part) {
        int total = 0;
        int segments = 1;
        int inPart = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int units = encoding == Encoding.GSM7 ? (GSM7_EXTENSION.indexOf(cp) >= 0 ? 2 : 1) : Character.charCount(cp);
            total += units;
            if (inPart + units > part) { // counted for the split case; an unsplit text is checked below
                segments++;
                inPart = 0;
            }
            inPart += units;
            i += Character.charCount(cp);
        }
        if (total == 0) {
            return new Count(encoding, 0, 1);
        }
        return new Count(encoding, total, total <= single ? 1 : segments);
    }
}
