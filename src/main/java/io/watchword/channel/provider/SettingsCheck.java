package io.watchword.channel.provider;

import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderFields.Setting;
import io.watchword.platform.FieldError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects every problem with a connection's settings and secrets (contract §0: a refusal
 * lists every error, not the first). Fields are named {@code settings.x} / {@code secrets.y}.
 */
public final class SettingsCheck {

    public static final String REQUIRED = "is required";

    /** Methods a web service may be called with. */
    public static final List<String> METHODS = List.of("DELETE", "GET", "PATCH", "POST", "PUT");

    /**
     * Headers the JDK HTTP client sets itself and refuses from callers; accepting them at save
     * would only fail every send.
     */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final JsonObject settings;
    private final List<FieldError> errors = new ArrayList<>();

    private SettingsCheck(JsonObject settings) {
        this.settings = settings == null ? JsonValue.EMPTY_JSON_OBJECT : settings;
    }

    public static SettingsCheck of(JsonObject settings) {
        return new SettingsCheck(settings);
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public SettingsCheck error(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /**
     * Checks every setting and secret of a provider's description, in its order: the rules
     * each kind of field carries. Rules between fields stay with the provider.
     */
    public SettingsCheck fields(ProviderFields fields, Map<String, String> secrets) {
        for (Setting s : fields.settings()) {
            setting(s);
        }
        secrets(secrets, fields.secretNames(), fields.requiredSecrets());
        return this;
    }

    /** The settings every connection has besides its provider's ({@link ProviderFields#DELIVERY}). */
    public static List<FieldError> delivery(JsonObject settings) {
        SettingsCheck check = of(settings);
        ProviderFields.DELIVERY.settings().forEach(check::setting);
        return check.errors();
    }

    private void setting(Setting s) {
        String key = s.name();
        boolean required = s.required();
        switch (s.kind()) {
            case TEXT -> {
                if (required) {
                    requiredText(key);
                } else {
                    text(key);
                }
            }
            case IDENTIFIER -> identifier(key, required);
            case URL -> httpUrl(key, required);
            case PORT -> integer(key, required, 1, 65535);
            case MILLIS -> integer(key, required, 1, Integer.MAX_VALUE);
            case COUNT -> integer(key, required, 1, 100_000);
            case METHOD -> method(key);
            case CHOICE -> oneOf(key, Set.copyOf(s.allowed()));
            case HEADERS -> headers(key);
            case TEMPLATE -> template(key, required);
        }
        if (s.requiredUnless() != null && !present(key) && !present(s.requiredUnless())) {
            error("settings." + key, "is required unless " + s.requiredUnless() + " is given");
        }
    }

    /** A string of one or more lines (a body template). */
    public void template(String key, boolean required) {
        if (!present(key)) {
            if (required) {
                error("settings." + key, REQUIRED);
            }
            return;
        }
        if (!(settings.get(key) instanceof JsonString s)) {
            error("settings." + key, "must be a string");
        } else if (s.getString().isBlank()) {
            error("settings." + key, REQUIRED);
        }
    }

    /** True when the setting is present and not JSON null. */
    public boolean present(String key) {
        return settings.containsKey(key) && settings.get(key).getValueType() != JsonValue.ValueType.NULL;
    }

    /** A required non-blank string; returns it, or null after recording the error. */
    public String requiredText(String key) {
        if (!present(key) || settings.get(key) instanceof JsonString s && s.getString().isBlank()) {
            error("settings." + key, REQUIRED);
            return null;
        }
        return text(key);
    }

    /** An optional string: recorded as an error when present but not a non-blank string. */
    public String text(String key) {
        if (!present(key)) {
            return null;
        }
        JsonValue v = settings.get(key);
        if (!(v instanceof JsonString s)) {
            error("settings." + key, "must be a string");
            return null;
        }
        if (s.getString().isBlank()) {
            error("settings." + key, "must not be blank");
            return null;
        }
        if (s.getString().indexOf('\r') >= 0 || s.getString().indexOf('\n') >= 0) {
            error("settings." + key, "must not contain line breaks");
            return null;
        }
        return s.getString().strip();
    }

    /** A string made only of letters, digits and {@code -_.} (values put into URL paths). */
    public void identifier(String key, boolean required) {
        String s = required ? requiredText(key) : text(key);
        if (s != null && !s.matches("[A-Za-z0-9._-]+")) {
            error("settings." + key, "must contain only letters, digits, '.', '_' and '-'");
        }
    }

    /** An integer within bounds, as a JSON number or a numeric string. */
    public void integer(String key, boolean required, long min, long max) {
        if (!present(key)) {
            if (required) {
                error("settings." + key, REQUIRED);
            }
            return;
        }
        JsonValue v = settings.get(key);
        Long n = null;
        if (v instanceof JsonNumber num && num.isIntegral()) {
            n = num.bigIntegerValue().bitLength() < 63 ? num.longValue() : null;
        } else if (v instanceof JsonString s) {
            try {
                n = Long.parseLong(s.getString().strip());
            } catch (NumberFormatException e) {
                n = null;
            }
        }
        if (n == null || n < min || n > max) {
            error("settings." + key, "must be an integer from " + min + " to " + max);
        }
    }

    /** An optional string that must be one of {@code values}. */
    public void oneOf(String key, Set<String> values) {
        String s = text(key);
        if (s != null && !values.contains(s)) {
            error("settings." + key, "must be one of " + String.join(", ", new TreeSet<>(values)));
        }
    }

    /** An absolute http(s) URL with a host. */
    public void httpUrl(String key, boolean required) {
        String s = required ? requiredText(key) : text(key);
        if (s != null && !isHttpUrl(s)) {
            error("settings." + key, "must be an http or https URL");
        }
    }

    public void method(String key) {
        String s = text(key);
        if (s != null && !METHODS.contains(s.toUpperCase(Locale.ROOT))) {
            error("settings." + key, "must be one of " + String.join(", ", METHODS));
        }
    }

    /** An object of header name → string value, with names and values HTTP allows. */
    public void headers(String key) {
        if (!present(key)) {
            return;
        }
        if (!(settings.get(key) instanceof JsonObject headers)) {
            error("settings." + key, "must be an object of header names to strings");
            return;
        }
        headers.forEach((name, value) -> {
            String field = "settings." + key + "." + name;
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                error(field, "is not a valid header name");
            } else if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                error(field, "is set by the HTTP client and cannot be configured");
            } else if (!(value instanceof JsonString s)) {
                error(field, "must be a string");
            } else if (s.getString().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                error(field, "must not contain line breaks");
            }
        });
    }

    /** Secret names outside {@code allowed}, and {@code required} ones missing or blank. */
    public void secrets(Map<String, String> secrets, Set<String> allowed, Set<String> required) {
        Map<String, String> given = secrets == null ? Map.of() : secrets;
        new TreeSet<>(given.keySet()).stream().filter(name -> !allowed.contains(name))
                .forEach(name -> error("secrets." + name, "is not a secret of this provider"));
        required.stream().sorted()
                .filter(name -> given.get(name) == null || given.get(name).isBlank())
                .forEach(name -> error("secrets." + name, REQUIRED));
    }

    public static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
