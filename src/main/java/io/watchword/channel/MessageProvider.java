package io.watchword.channel;

import io.watchword.channel.provider.SettingsCheck;
import io.watchword.platform.FieldError;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One way of delivering messages (SMTP, Twilio, APNs…), a CDI bean qualified with
 * {@link ProviderKind}. Stateless and thread-safe: everything it needs comes in the
 * {@link ConnectionSpec}.
 */
public interface MessageProvider {

    /** The channels this provider serves. */
    Set<ChannelType> channels();

    /**
     * The provider's settings and secrets: what {@link #validate} checks and what the admin
     * console's form shows (one description, never a second list).
     */
    ProviderFields fields();

    /** The secret names this provider accepts (anything else is refused at save). */
    default Set<String> secretNames() {
        return fields().secretNames();
    }

    /**
     * Every problem with a connection's settings and secrets, with fields named
     * {@code settings.x} / {@code secrets.y}. Empty when the connection is usable. The
     * {@link #fields() fields}' own rules, then the provider's {@link #checkMore}.
     */
    default List<FieldError> validate(JsonObject settings, Map<String, String> secrets) {
        SettingsCheck check = SettingsCheck.of(settings).fields(fields(), secrets);
        checkMore(check, settings, secrets);
        return check.errors();
    }

    /** The provider's rules beyond its fields' own (a key that must parse, an address that must be one). */
    default void checkMore(SettingsCheck check, JsonObject settings, Map<String, String> secrets) {
    }

    /**
     * Where this connection's messages go, by field ({@code settings.url} → its value): the
     * URLs and host names an admin can set, checked against private networks (contract §11).
     * Fixed public defaults need not be listed.
     */
    default Map<String, String> endpoints(JsonObject settings, Map<String, String> secrets) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : List.of("url", "baseUrl", "tokenUri", "host")) {
            if (settings != null && settings.get(key) instanceof JsonString s && !s.getString().isBlank()) {
                m.put("settings." + key, s.getString());
            }
        }
        return m;
    }

    /** Delivers one message, or says why it could not. */
    DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException;
}
