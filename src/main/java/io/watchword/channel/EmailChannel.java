package io.watchword.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Email: one message addressed to every recipient. A line break in any header value is
 * refused here, before any provider sees it (header injection).
 */
@ApplicationScoped
@Channel(ChannelType.EMAIL)
public class EmailChannel implements ChannelSender {

    @Inject
    Providers providers;

    @Override
    public DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        if (message.recipients().isEmpty()) {
            throw DeliveryException.invalidRecipient("There is no recipient.");
        }
        for (String r : message.recipients()) {
            if (Recipients.hasLineBreak(r) || !Recipients.isEmail(r)) {
                throw DeliveryException.invalidRecipient("A recipient is not an email address.");
            }
        }
        if (Recipients.hasLineBreak(message.subject()) || Recipients.hasLineBreak(message.from())) {
            throw DeliveryException.invalidRecipient("The subject or sender name contains a line break.");
        }
        return providers.require(connection).send(connection, message);
    }
}
