package io.watchword.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;

/** Finds provider and channel beans by their qualifiers. */
@ApplicationScoped
public class Providers {

    @Inject
    @Any
    Instance<MessageProvider> providers;

    @Inject
    @Any
    Instance<ChannelSender> channels;

    @Inject
    Event<DeliveryAttempt> attempts;

    public Optional<MessageProvider> provider(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Instance<MessageProvider> i = providers.select(new ProviderKind.Literal(name));
        return i.isResolvable() ? Optional.of(i.get()) : Optional.empty();
    }

    public ChannelSender channel(ChannelType type) {
        return channels.select(new Channel.Literal(type)).get();
    }

    /** Delivers through the channel bean of the message's channel; each call is a {@link DeliveryAttempt} event. */
    public DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        long start = System.nanoTime();
        try {
            DeliveryResult r = channel(message.channel()).deliver(connection, message);
            attempts.fire(new DeliveryAttempt(connection.name(), connection.provider(), message.channel(),
                    System.nanoTime() - start, null, null, null));
            return r;
        } catch (DeliveryException e) {
            attempts.fire(new DeliveryAttempt(connection.name(), connection.provider(), message.channel(),
                    System.nanoTime() - start, e.code(), e.details().get("status") instanceof Integer s ? s : null,
                    e.details().get("reason") instanceof String r ? r : null));
            throw e;
        }
    }

    MessageProvider require(ConnectionSpec connection) throws DeliveryException {
        return provider(connection.provider()).orElseThrow(() ->
                DeliveryException.provider(connection.provider(), null, "no such provider"));
    }
}
