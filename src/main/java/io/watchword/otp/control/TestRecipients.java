package io.watchword.otp.control;

import io.watchword.platform.ConfigKeys;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Recipients with a fixed passcode, for app-store review and staging
 * ({@code watchword.otp.test-recipients}, contract §10): a send to one of them sends nothing
 * and issues its code. Nothing else changes — the code is stored only as its keyed hash like
 * any passcode, and attempts, expiry, lockout and every limit apply — so a reviewer account
 * is as hard to guess into as any other; only the secrecy of the code is given up, which is
 * why every start says in the log that test recipients are active.
 */
@ApplicationScoped
public class TestRecipients {

    private static final Logger LOG = Logger.getLogger(TestRecipients.class.getName());

    private Map<String, String> codes = Map.of();

    @Inject
    Settings settings;

    /** Reads and checks the setting (Bootstrap calls this after the settings are loaded). */
    public void load() {
        codes = parse(ConfigProvider.getConfig(), settings.otpLength());
        if (!codes.isEmpty()) {
            LOG.warning(() -> activeMessage());
        }
    }

    static Map<String, String> parse(Config c, int length) {
        String raw = c.getOptionalValue(ConfigKeys.OTP_TEST_RECIPIENTS, String.class).orElse("").trim();
        return parse(raw, length);
    }

    /**
     * {@code recipient=code} pairs separated by commas; a code of exactly {@code length}
     * digits. Throws {@link IllegalStateException} naming the key otherwise.
     */
    static Map<String, String> parse(String raw, int length) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String pair : raw.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.lastIndexOf('=');
            String recipient = eq < 0 ? "" : pair.substring(0, eq).trim();
            String code = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (recipient.isEmpty() || code.length() != length || !code.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new IllegalStateException("Invalid configuration: " + ConfigKeys.OTP_TEST_RECIPIENTS + " must be"
                        + " recipient=code pairs separated by commas, each code of " + length + " digits ("
                        + ConfigKeys.OTP_LENGTH + "); '" + recipient + "' has " + (code.isEmpty() ? "no code" : "a code of "
                        + code.length() + " characters") + ".");
            }
            codes.put(key(recipient), code);
        }
        return Map.copyOf(codes);
    }

    /** Email addresses compare without case; phone numbers and device tokens as written. */
    private static String key(String recipient) {
        return recipient.indexOf('@') >= 0 ? recipient.toLowerCase(Locale.ROOT) : recipient;
    }

    /**
     * The fixed code when every recipient of a message is a test recipient with the same code;
     * empty otherwise (a message that also goes to a real recipient is a real send with a
     * random code, so a fixed code never reaches anyone else).
     */
    public Optional<String> codeFor(List<String> recipients) {
        if (codes.isEmpty() || recipients.isEmpty()) {
            return Optional.empty();
        }
        String code = codes.get(key(recipients.get(0)));
        for (String r : recipients) {
            if (code == null || !code.equals(codes.get(key(r)))) {
                return Optional.empty();
            }
        }
        return Optional.of(code);
    }

    /** For tests: the parsed pairs. */
    void codes(Map<String, String> parsed) {
        this.codes = Map.copyOf(parsed);
    }

    public int active() {
        return codes.size();
    }

    /** Logged at deployment and at each journey start while test recipients are configured. */
    public void warnIfActive() {
        if (!codes.isEmpty()) {
            LOG.warning(this::activeMessage);
        }
    }

    private String activeMessage() {
        return codes.size() + " test recipient(s) active (" + ConfigKeys.OTP_TEST_RECIPIENTS
                + "): passcodes to them are fixed and never sent. Do not use this outside review or staging.";
    }
}
