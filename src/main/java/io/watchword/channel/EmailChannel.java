package io.watchword.channel;

import io.watchword.platform.SecuritySettings;
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

    @Inject
    SecuritySettings security;

    @Override
    public DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        String problem = Recipients.emailProblem(message.recipients(), security.emailMaxRecipients());
        if (problem != null) {
            throw DeliveryException.invalidRecipient(problem);
        }
        if (Recipients.hasLineBreak(message.subject()) || Recipients.hasLineBreak(message.from())) {
            throw DeliveryException.invalidRecipient("The subject or sender name contains a line break.");
        }
        return providers.require(connection).send(connection, message);
    }
}
