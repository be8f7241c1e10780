package io.watchword.channel;

/**
 * Delivers messages of one channel, a bean qualified with {@link Channel}. It checks the
 * recipients the way its channel needs, then hands the message to the connection's
 * provider, selected by {@link ProviderKind}.
 */
public interface ChannelSender {

    DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException;
}
