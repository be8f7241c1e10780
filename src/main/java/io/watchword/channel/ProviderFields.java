package io.watchword.channel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one description of a provider's settings and secrets: the provider validates a
 * connection by walking it ({@code SettingsCheck.fields}), and the admin console builds its
 * form from it ({@code GET /api/admin/providers}). A field is therefore named once, with its
 * kind, whether it is required, its default and its allowed values; rules that tie fields
 * together or parse a secret stay in the provider's {@code validate}.
 */
public record ProviderFields(List<Setting> settings, List<Secret> secrets) {

    /** What a setting holds, and so how it is checked and which input edits it. */
    public enum Kind {
        /** One line of text. */
        TEXT,
        /** Letters, digits and {@code -_.} (values put into URL paths). */
        IDENTIFIER,
        /** An absolute http(s) URL. */
        URL,
        /** A TCP port, 1 to 65535. */
        PORT,
        /** A positive whole number of milliseconds. */
        MILLIS,
        /** A positive whole number (a count, e.g. calls in flight). */
        COUNT,
        /** An HTTP method, one of {@link Setting#allowed()} in any case. */
        METHOD,
        /** One of {@link Setting#allowed()}. */
        CHOICE,
        /** An object of HTTP header names to values. */
        HEADERS,
        /** A text of several lines (a body template). */
        TEMPLATE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One setting. {@code requiredUnless} names another setting that may stand in for this
     * one (Twilio's {@code from} or {@code messagingServiceSid}); {@code defaultValue} is what
     * a send uses when the setting is absent (null: nothing).
     */
    public record Setting(String name, Kind kind, boolean required, String requiredUnless,
                          String defaultValue, List<String> allowed) {
        public Setting {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }
    }

    /** One write-only secret; {@code multiline} for PEM keys and JSON key files. */
    public record Secret(String name, boolean required, boolean multiline) {
    }

    public ProviderFields {
        settings = List.copyOf(settings);
        secrets = List.copyOf(secrets);
    }

    public static final ProviderFields NONE = new ProviderFields(List.of(), List.of());

    /**
     * The settings every connection has besides its provider's (contract §8), checked and shown
     * with them: calls in flight per node at most.
     */
    public static final ProviderFields DELIVERY = new ProviderFields(List.of(new Setting("maxConcurrency", Kind.COUNT,
            false, null, String.valueOf(ConnectionSpec.DEFAULT_MAX_CONCURRENCY), List.of())), List.of());

    public Set<String> secretNames() {
        Set<String> names = new LinkedHashSet<>();
        secrets.forEach(s -> names.add(s.name()));
        return Set.copyOf(names);
    }

    public Set<String> requiredSecrets() {
        Set<String> names = new LinkedHashSet<>();
        secrets.stream().filter(Secret::required).forEach(s -> names.add(s.name()));
        return Set.copyOf(names);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a description in the order the form shows it and the check reports it. */
    public static final class Builder {
        private final List<Setting> settings = new ArrayList<>();
        private final List<Secret> secrets = new ArrayList<>();

        public Builder required(String name, Kind kind) {
            settings.add(new Setting(name, kind, true, null, null, null));
            return this;
        }

        public Builder optional(String name, Kind kind) {
            return optional(name, kind, null);
        }

        public Builder optional(String name, Kind kind, String defaultValue) {
            settings.add(new Setting(name, kind, false, null, defaultValue, null));
            return this;
        }

        /** Required unless {@code other} is given. */
        public Builder requiredUnless(String name, Kind kind, String other) {
            settings.add(new Setting(name, kind, false, other, null, null));
            return this;
        }

        public Builder choice(String name, List<String> allowed, String defaultValue) {
            return choice(name, Kind.CHOICE, allowed, defaultValue);
        }

        /** An optional setting of a kind whose values are a fixed list (a choice, a method). */
        public Builder choice(String name, Kind kind, List<String> allowed, String defaultValue) {
            settings.add(new Setting(name, kind, false, null, defaultValue, allowed));
            return this;
        }

        public Builder all(ProviderFields other) {
            settings.addAll(other.settings());
            secrets.addAll(other.secrets());
            return this;
        }

        public Builder secret(String name, boolean required) {
            secrets.add(new Secret(name, required, false));
            return this;
        }

        public Builder multilineSecret(String name, boolean required) {
            secrets.add(new Secret(name, required, true));
            return this;
        }

        public ProviderFields build() {
            return new ProviderFields(settings, secrets);
        }
    }
}
