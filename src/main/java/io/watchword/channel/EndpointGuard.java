package io.watchword.channel;

import io.watchword.platform.ConfigKeys;
import io.watchword.platform.FieldError;
import io.watchword.platform.SecuritySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outside development mode, and unless {@code watchword.connections.allow-private-networks}
 * is true, a connection may not point at a loopback, link-local or private address
 * (contract §11): refused when it is saved ({@code 400} naming the setting) and again before
 * every send ({@code provider_error}), since a name may resolve elsewhere by then.
 */
@ApplicationScoped
public class EndpointGuard {

    static final String REASON = "the endpoint resolves to a loopback, link-local or private address";

    @Inject
    SecuritySettings security;

    /** Problems with the endpoints of a connection about to be saved, named {@code settings.x} / {@code secrets.y}. */
    public List<FieldError> check(MessageProvider provider, JsonObject settings, Map<String, String> secrets) {
        List<FieldError> errors = new ArrayList<>();
        if (security.privateNetworksAllowed()) {
            return errors;
        }
        provider.endpoints(settings, secrets).forEach((field, value) -> privateAddress(value).ifPresent(a ->
                errors.add(new FieldError(field, "resolves to " + a.getHostAddress() + ", a loopback, link-local or "
                        + "private address: refused outside development mode unless "
                        + ConfigKeys.CONNECTIONS_ALLOW_PRIVATE_NETWORKS + "=true"))));
        return errors;
    }

    /** Refuses a send to a private endpoint. */
    public void checkSend(MessageProvider provider, ConnectionSpec connection) throws DeliveryException {
        if (security.privateNetworksAllowed()) {
            return;
        }
        for (String value : provider.endpoints(connection.settings(), connection.secrets()).values()) {
            if (privateAddress(value).isPresent()) {
                throw DeliveryException.provider(connection.provider(), null, REASON);
            }
        }
    }

    private static Optional<InetAddress> privateAddress(String urlOrHost) {
        return PrivateAddresses.hostOf(urlOrHost).flatMap(PrivateAddresses::privateAddressOf);
    }
}
