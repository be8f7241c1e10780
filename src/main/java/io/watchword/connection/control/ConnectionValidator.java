package io.watchword.connection.control;

import io.watchword.channel.ChannelType;
import io.watchword.channel.EndpointGuard;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.Providers;
import io.watchword.channel.outbox.OutboxProvider;
import io.watchword.channel.provider.SettingsCheck;
import io.watchword.platform.FieldError;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a connection body of a POST or PUT (contract §3, §11) and reports every error found
 * at once: name, channel, a provider that serves it, the provider's own settings and secrets,
 * the delivery settings, and (when all that is right) where the endpoint points.
 */
@ApplicationScoped
public class ConnectionValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    @Inject
    Providers providers;

    @Inject
    Settings settings;

    @Inject
    EndpointGuard endpoints;

    /** A body that passed every check: what the connection becomes. */
    record Definition(String channel, String provider, JsonObject settings, Map<String, String> secrets) {
    }

    /**
     * The definition {@code body} asks for, given the secrets already {@code stored} (empty on
     * create) and whether the PUT points the connection at another endpoint; throws a 400
     * problem listing every error.
     */
    Definition validate(JsonObject body, Map<String, String> stored, boolean endpointChanged) {
        List<FieldError> errors = new ArrayList<>();
        String name = JsonValues.string(body, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "is required: 1–100 letters, digits, '.', '_' or '-'"));
        }
        String channelId = JsonValues.string(body, "channel");
        ChannelType channel = ChannelType.of(channelId).orElse(null);
        if (channel == null) {
            errors.add(new FieldError("channel", "must be one of sms, email, push"));
        }
        String providerName = JsonValues.string(body, "provider");
        MessageProvider provider = providers.provider(providerName).orElse(null);
        if (provider == null) {
            errors.add(new FieldError("provider", "must be one of " + String.join(", ", providers.all().keySet())));
        } else if (channel != null && !provider.channels().contains(channel)) {
            errors.add(new FieldError("provider", "'" + providerName + "' does not serve the " + channelId + " channel"));
        } else if (OutboxProvider.NAME.equals(providerName) && !settings.outboxEnabled()) {
            errors.add(new FieldError("provider", "the outbox provider is disabled (watchword.outbox.enabled=false)"));
        }
        JsonObject settingsJson = ConnectionBody.object(body, "settings", errors);
        Map<String, String> secrets = ConnectionBody.secrets(body, endpointChanged ? Map.of() : stored, errors);
        if (endpointChanged) {
            ConnectionBody.requireSecretsAgain(body, stored, secrets, provider, errors);
        }
        if (provider != null && settingsJson != null) {
            for (String k : secrets.keySet()) {
                if (!provider.secretNames().contains(k)) {
                    errors.add(new FieldError("secrets." + k, "is not a secret of the " + providerName + " provider"));
                }
            }
            errors.addAll(provider.validate(settingsJson, secrets));
            errors.addAll(SettingsCheck.delivery(settingsJson));
            if (errors.isEmpty()) {
                errors.addAll(endpoints.check(provider, settingsJson, secrets));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The connection is not valid.", errors);
        }
        return new Definition(channelId, providerName, settingsJson, secrets);
    }
}
