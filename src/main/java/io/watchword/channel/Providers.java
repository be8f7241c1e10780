package io.watchword.channel;

import io.watchword.platform.ErrorCodes;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /** Every provider bean by its {@link ProviderKind} name, sorted by name. */
    public SortedMap<String, MessageProvider> all() {
        SortedMap<String, MessageProvider> all = new TreeMap<>();
        for (Instance.Handle<MessageProvider> h : providers.handles()) {
            h.getBean().getQualifiers().stream().filter(ProviderKind.class::isInstance)
                    .map(q -> ((ProviderKind) q).value()).findFirst()
                    .ifPresent(name -> all.put(name, h.get()));
        }
        return all;
    }

    public ChannelSender channel(ChannelType type) {
        return channels.select(new Channel.Literal(type)).get();
    }

    @Inject
    EndpointGuard endpoints;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Delivers through the channel bean of the message's channel — unless the connection's
     * secrets did not decrypt for it, or its endpoint is a private address (contract §11).
     * Each call is a {@link DeliveryAttempt} event.
     */
    public DeliveryResult deliver(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        if (transactions.getTransactionKey() != null) {
            // Contract §8: a provider call never holds a transaction (and its database connection
            // and row locks) while it waits. A caller that breaks this is a bug, not a failed send.
            throw new IllegalStateException("A provider call inside a transaction (connection " + connection.name() + ")");
        }
        long start = System.nanoTime();
        try {
            if (connection.secretsUnreadable()) {
                throw DeliveryException.provider(connection.provider(), null,
                        "the connection's stored secrets cannot be decrypted for it (an admin must send them again)");
            }
            MessageProvider p = provider(connection.provider()).orElse(null);
            if (p != null) {
                endpoints.checkSend(p, connection);
            }
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

    /** A connection passed over without a call: an attempt for metrics, with the reason. */
    void skipped(ConnectionSpec connection, ChannelType channel, String reason) {
        attempts.fire(new DeliveryAttempt(connection.name(), connection.provider(), channel, -1,
                ErrorCodes.PROVIDER_ERROR, null, reason));
    }

    MessageProvider require(ConnectionSpec connection) throws DeliveryException {
        return provider(connection.provider()).orElseThrow(() ->
                DeliveryException.provider(connection.provider(), null, "no such provider"));
    }
}
