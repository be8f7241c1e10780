package io.watchword.journey.control;

import static io.watchword.journey.control.DefinitionChecks.path;
import static io.watchword.journey.control.JourneyFields.*;

import io.watchword.channel.AutofillLines;
import io.watchword.channel.SmsSegments;
import io.watchword.platform.ConfigKeys;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks of contract §10 on an OTP step's message fields at {@code PUT}: language
 * variants (each checked like the string it stands for, each key a BCP 47 tag), the SMS
 * autofill settings, and the number of SMS segments a message will be billed as.
 */
final class MessageChecks {

    /** What an expression's value is counted as when the length of an SMS is estimated. */
    static final int EXPRESSION_CHARACTERS = 20;

    /** The settings the length check needs. */
    record Limits(int codeLength, int maxSegments) {
        static final Limits DEFAULT = new Limits(6, 3);
    }

    private final DefinitionChecks checks;
    private final Limits limits;

    MessageChecks(DefinitionChecks checks, Limits limits) {
        this.checks = checks;
        this.limits = limits;
    }

    /**
     * A message field: an interpolated string, or an object of language variants.
     *
     * @return the path of each variant that parsed (the field's own path for a plain string) with its template
     */
    Map<String, Template> field(JsonObject owner, String at, String field, boolean required, boolean passcodeNames) {
        Map<String, Template> templates = new LinkedHashMap<>();
        JsonValue value = owner.get(field);
        String fieldAt = path(at, field);
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            if (value != null && value.getValueType() != JsonValue.ValueType.STRING
                    && value.getValueType() != JsonValue.ValueType.NULL) {
                checks.error(fieldAt, "must be a string, or an object of language variants such as {\"en\": \"…\", \"de\": \"…\"}");
            } else {
                checks.template(owner, at, field, required, passcodeNames).ifPresent(t -> templates.put(fieldAt, t));
            }
            return templates;
        }
        JsonObject variants = value.asJsonObject();
        if (variants.isEmpty()) {
            checks.error(fieldAt, "must hold at least one language variant");
        }
        for (String tag : variants.keySet()) {
            if (!MessageLocale.isLanguageTag(tag)) {
                checks.error(path(fieldAt, tag), "'" + tag + "' is not a BCP 47 language tag (such as en, de-AT, pt-BR)");
                continue;
            }
            checks.template(variants, fieldAt, tag, true, passcodeNames).ifPresent(t -> templates.put(path(fieldAt, tag), t));
        }
        return templates;
    }

    /** {@code autofillDomain} and {@code androidAppHash} of the SMS settings. */
    void autofill(JsonObject sms, String at) {
        String domain = checks.string(sms, at, AUTOFILL_DOMAIN, false);
        if (domain != null && !AutofillLines.isHostName(domain)) {
            checks.error(path(at, AUTOFILL_DOMAIN), "must be a host name such as login.acme.com"
                    + " (no scheme, port or path; an international name in its xn-- form)");
        }
        String hash = checks.string(sms, at, ANDROID_APP_HASH, false);
        if (hash != null && !AutofillLines.isAppHash(hash)) {
            checks.error(path(at, ANDROID_APP_HASH), "must be the 11-character SMS Retriever hash of the app ([A-Za-z0-9+/])");
        }
    }

    /**
     * Refuses an SMS message (each variant) that needs more segments than allowed, rendered with
     * a code of the configured length, every other expression as 20 characters, and the
     * autofill lines.
     */
    void smsLength(Map<String, Template> message, JsonObject sms) {
        String domain = AutofillLines.isHostName(sms.getString(AUTOFILL_DOMAIN, null)) ? sms.getString(AUTOFILL_DOMAIN) : null;
        String hash = AutofillLines.isAppHash(sms.getString(ANDROID_APP_HASH, null)) ? sms.getString(ANDROID_APP_HASH) : null;
        String code = "0".repeat(limits.codeLength());
        for (Map.Entry<String, Template> variant : message.entrySet()) {
            SmsSegments.Count count = SmsSegments.of(AutofillLines.append(estimate(variant.getValue(), code), code, domain, hash));
            if (count.segments() > limits.maxSegments()) {
                checks.error(variant.getKey(), "needs " + count.segments() + " SMS segments (" + count.units()
                        + (count.encoding() == SmsSegments.Encoding.GSM7 ? " GSM-7 characters" : " UCS-2 characters")
                        + " with a " + limits.codeLength() + "-digit code, " + EXPRESSION_CHARACTERS
                        + " per other expression and the autofill lines); at most " + limits.maxSegments()
                        + " are allowed (" + ConfigKeys.SMS_MAX_SEGMENTS + ")");
            }
        }
    }

    /** The text as it will roughly be sent: the passcode as its digits, any other value as 20 letters. */
    static String estimate(Template template, String code) {
        StringBuilder out = new StringBuilder();
        for (Template.Segment s : template.segments()) {
            if (!s.expression()) {
                out.append(s.text());
            } else {
                out.append(OTP.equals(s.text().trim()) ? code : "x".repeat(EXPRESSION_CHARACTERS));
            }
        }
        return out.toString();
    }
}
