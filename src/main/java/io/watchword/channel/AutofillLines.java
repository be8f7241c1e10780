package io.watchword.channel;

import java.util.regex.Pattern;

/**
 * The lines that let a phone fill a passcode in by itself, appended to an SMS by the server
 * (never typed by admins: carriers and editors mangle line breaks, and one wrong character
 * disables autofill without a trace).
 * <ul>
 * <li>The origin-bound one-time code of the WICG draft "Origin-bound one-time codes delivered
 *     via SMS" (https://wicg.github.io/sms-one-time-codes/, its "Message format"
 *     section; explainer: https://github.com/WebKit/explainers/tree/master/sms-one-time-code-format): the
 *     message's <em>last</em> line is {@code @} + the host of the top-level origin, one space,
 *     {@code #} + the code — {@code @login.acme.com #123456}. WebOTP
 *     ({@code navigator.credentials.get({otp: {transport: ['sms']}})}) in Chrome and Safari's
 *     {@code autocomplete="one-time-code"} read exactly this line, so it follows a blank line
 *     that keeps it apart from the human text.</li>
 * <li>The app hash of Android's SMS Retriever API
 *     (https://developers.google.com/identity/sms-retriever/verify, "Construct a verification
 *     message"): the message must include the 11-character hash string that identifies the app
 *     (Base64 of a truncated SHA-256: {@code [A-Za-z0-9+/]}), e.g. {@code FA+9qCX9VSu}; it goes
 *     on a line of its own. The Retriever only needs it somewhere in the text while the WICG
 *     line must be last, so with both the hash line comes first and the origin-bound line
 *     stays the message's last line.</li>
 * </ul>
 */
public final class AutofillLines {

    private static final Pattern APP_HASH = Pattern.compile("[A-Za-z0-9+/]{11}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private AutofillLines() {
    }

    /**
     * The text with the autofill lines of the settings that are set (null: not set).
     *
     * @param domain  the host of the site the code is for ({@code autofillDomain})
     * @param appHash the Android app's SMS Retriever hash ({@code androidAppHash})
     */
    public static String append(String text, String code, String domain, String appHash) {
        StringBuilder out = new StringBuilder(text == null ? "" : text);
        if (appHash != null && !appHash.isEmpty()) {
            out.append('\n').append(appHash);
        }
        if (domain != null && !domain.isEmpty()) {
            out.append("\n\n").append(originBoundLine(domain, code));
        }
        return out.toString();
    }

    /** {@code @login.acme.com #123456}: the WICG line, host and code separated by one space. */
    public static String originBoundLine(String domain, String code) {
        return "@" + domain + " #" + code;
    }

    /** An ASCII host name of LDH labels (an IDN in its xn-- form), no scheme, port, path or final dot. */
    public static boolean isHostName(String domain) {
        if (domain == null || domain.isEmpty() || domain.length() > 253) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Eleven characters of {@code [A-Za-z0-9+/]}. */
    public static boolean isAppHash(String hash) {
        return hash != null && APP_HASH.matcher(hash).matches();
    }
}
