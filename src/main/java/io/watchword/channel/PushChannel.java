package io.watchword.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Push: one device token of the connection's provider (APNs or FCM). */
@ApplicationScoped
@Channel(ChannelType.PUSH)
public class PushChannel implements ChannelSender {

    @Inject
    Providers providers;

    @Override
    public DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        if (message.recipients().size() != 1 || message.recipients().get(0).isBlank()) {
            throw DeliveryException.invalidRecipient("There is no device token.");
        }
        return providers.require(connection).send(connection, message);
    }
}
