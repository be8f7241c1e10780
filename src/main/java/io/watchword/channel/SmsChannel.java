package io.watchword.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** SMS: one E.164 recipient (a {@code +} and 8–15 digits). */
@ApplicationScoped
@Channel(ChannelType.SMS)
public class SmsChannel implements ChannelSender {

    @Inject
    Providers providers;

    @Override
    public DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        if (message.recipients().size() != 1 || !Recipients.isPhone(message.recipients().get(0))) {
            throw DeliveryException.invalidRecipient("The recipient is not a phone number in E.164 form (+ and 8–15 digits).");
        }
        if (Recipients.hasLineBreak(message.from())) {
            throw DeliveryException.invalidRecipient("The sender contains a line break.");
        }
        return providers.require(connection).send(connection, message);
    }
}
