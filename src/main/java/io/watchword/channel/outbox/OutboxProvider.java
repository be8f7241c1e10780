package io.watchword.channel.outbox;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderKind;
import io.watchword.platform.FieldError;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers nothing: stores the message for {@code GET /api/admin/outbox}, in a transaction of
 * its own. For development and demos; refused when {@code watchword.outbox.enabled=false}.
 */
@ApplicationScoped
@ProviderKind(OutboxProvider.NAME)
public class OutboxProvider implements MessageProvider {

    /** The development provider's name (one place: delivery and connections test for it). */
    public static final String NAME = "outbox";

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Override
    public Set<ChannelType> channels() {
        return EnumSet.allOf(ChannelType.class);
    }


    @Override
    public ProviderFields fields() {
        return ProviderFields.NONE;
    }

    @Override
    public List<FieldError> validate(JsonObject settings, Map<String, String> secrets) {
        return List.of();
    }

    /** Stores the message in a transaction of its own: sends run outside any (contract §8). */
    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        if (!settings.outboxEnabled()) {
            throw DeliveryException.provider(NAME, null, "the outbox provider is disabled");
        }
        em.persist(new OutboxMessage(String.join(", ", message.recipients()), message.channel().id(),
                message.channel() == ChannelType.SMS ? null : message.subject(), message.text(), clock.instant()));
        return new DeliveryResult(Json.createObjectBuilder().add("stored", true).build());
    }
}
