package io.watchword.ops.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.platform.JsonLogFormatter;
import io.watchword.platform.JsonLogging;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * With {@code watchword.log.json=true}, each lifecycle event that happened (its transaction
 * committed) is one JSON log line with its type and flow id ({@link JsonLogFormatter} keeps
 * only whitelisted fields). Off, events are not logged: the audit log holds them.
 */
@ApplicationScoped
public class EventLog {

    private static final Logger LOG = Logger.getLogger(JsonLogging.ROOT + ".events");

    @Inject
    Settings settings;

    void event(@Observes(during = TransactionPhase.AFTER_SUCCESS) LifecycleEvent e) {
        if (!settings.logJson()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(e.details());
        fields.put("channel", e.channel());
        fields.put("outcome", e.outcome());
        LOG.log(Level.INFO, e.type(), new JsonLogFormatter.EventFields(e.type(), e.flowId(), fields));
    }
}
