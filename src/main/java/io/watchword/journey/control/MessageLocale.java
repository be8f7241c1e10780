package io.watchword.journey.control;

import io.watchword.platform.ProblemException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

/**
 * Language variants of the OTP step's message fields (contract §10): a field is a string, or
 * an object keyed by BCP 47 tag ({@code {"en": "Your code…", "de": "Ihr Code…"}}). The
 * variant is chosen for the flow's locale: the exact tag, then its language alone
 * ({@code pt-BR} → {@code pt}), then {@code en}, then the first key. Tags compare without
 * regard to case, as BCP 47 says.
 */
public final class MessageLocale {

    /** The width of ww_flow.locale. */
    public static final int MAX_TAG = 64;
    static final String FALLBACK = "en";

    /** A chosen text and the key it was found under (null when the field was a plain string). */
    public record Choice(String tag, String text) {
    }

    private MessageLocale() {
    }

    /**
     * A well-formed BCP 47 language tag whose primary language is an ISO 639 code of 2 or 3
     * letters ({@code de}, {@code pt-BR}, {@code zh-Hant-TW}, {@code es-419}); {@code Locale}
     * accepts the 5–8 letter forms the grammar reserves, which no registry holds.
     */
    public static boolean isLanguageTag(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG) {
            return false;
        }
        try {
            new Locale.Builder().setLanguageTag(tag);
        } catch (IllformedLocaleException e) {
            return false;
        }
        int dash = tag.indexOf('-');
        String language = dash < 0 ? tag : tag.substring(0, dash);
        return language.length() >= 2 && language.length() <= 3 && language.chars().allMatch(Character::isLetter);
    }

    /**
     * The variant of a message field for {@code wanted} (a tag, or null when the flow has none).
     * Null when the field is absent.
     */
    public static Choice choose(JsonValue field, String wanted) {
        if (field == null || field.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (field instanceof JsonString s) {
            return new Choice(null, s.getString());
        }
        if (!(field instanceof JsonObject variants) || variants.isEmpty()) {
            return null; // the validator refuses both at PUT
        }
        String key = chooseKey(variants.keySet().stream().toList(), wanted);
        JsonValue v = variants.get(key);
        return new Choice(key, v instanceof JsonString s ? s.getString() : null);
    }

    /** Exact tag, then its language alone, then {@code en}, then the first key. */
    static String chooseKey(List<String> keys, String wanted) {
        if (wanted != null && !wanted.isBlank()) {
            String exact = find(keys, wanted);
            if (exact != null) {
                return exact;
            }
            int dash = wanted.indexOf('-');
            if (dash > 0) {
                String language = find(keys, wanted.substring(0, dash));
                if (language != null) {
                    return language;
                }
            }
        }
        String en = find(keys, FALLBACK);
        return en != null ? en : keys.get(0);
    }

    private static String find(List<String> keys, String tag) {
        return keys.stream().filter(k -> k.equalsIgnoreCase(tag)).findFirst().orElse(null);
    }

    /**
     * The flow's locale from its start request: the body's {@code locale} (the web SDK sends
     * {@code navigator.language}), else the {@code Accept-Language} range the client weighs
     * highest. A body locale that is not a language tag is refused (400 at {@code locale}); an
     * unreadable header is ignored, as HTTP clients send all sorts.
     *
     * @return the tag, or null when the request names none
     */
    public static String ofStart(JsonValue bodyLocale, String acceptLanguage) {
        if (bodyLocale != null && bodyLocale.getValueType() != JsonValue.ValueType.NULL) {
            if (!(bodyLocale instanceof JsonString s) || !isLanguageTag(s.getString().trim())) {
                throw ProblemException.invalid("locale",
                        "must be a BCP 47 language tag such as de-AT");
            }
            return s.getString().trim();
        }
        return ofAcceptLanguage(acceptLanguage);
    }

    static String ofAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 1000) {
            return null;
        }
        try {
            // parse() sorts by weight, highest first, and drops q=0
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                String tag = range.getRange();
                if (range.getWeight() > 0 && !tag.contains("*") && isLanguageTag(tag)) {
                    return tag;
                }
            }
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
        return null;
    }

    /** The tag the step asks for: its {@code locale} expression's value when it gives a tag, else the flow's. */
    static String wanted(Object stepLocale, String flowLocale) {
        if (stepLocale instanceof String s && isLanguageTag(s.trim())) {
            return s.trim();
        }
        return flowLocale;
    }
}
