package io.watchword.platform;

import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log line: {@code timestamp}, {@code level}, {@code logger},
 * {@code message}, and for a lifecycle event its {@code event}, {@code flowId} and the
 * whitelisted fields below. A field that is not on the list is dropped, so a passcode, a
 * recipient, a user id (often an address) or a secret cannot reach the log by way of an
 * event's details; of an exception only its class is written (messages can hold anything).
 */
public class JsonLogFormatter extends Formatter {

    /** The only fields an event line may carry besides its type and flow id. */
    static final Set<String> FIELDS = Set.of("channel", "outcome", "connection", "provider", "reason", "status",
            "attempts_left", "journey", "code", "locale");

    @Override
    public String format(LogRecord r) {
        JsonObjectBuilder o = JsonValues.JSON.createObjectBuilder()
                .add("timestamp", Instant.ofEpochMilli(r.getMillis()).toString())
                .add("level", r.getLevel().getName())
                .add("logger", r.getLoggerName() == null ? "" : r.getLoggerName())
                .add("message", r.getMessage() == null ? "" : r.getMessage());
        Object[] params = r.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof EventFields f) {
            o.add("event", f.event());
            if (f.flowId() != null) {
                o.add("flowId", f.flowId());
            }
            for (Map.Entry<String, Object> e : f.fields().entrySet()) {
                if (FIELDS.contains(e.getKey()) && e.getValue() != null) {
                    o.add(e.getKey(), JsonValues.toJson(e.getValue()));
                }
            }
        }
        if (r.getThrown() != null) {
            o.add("error", r.getThrown().getClass().getName());
        }
        return o.build().toString() + System.lineSeparator();
    }

    /** What a lifecycle event's log line carries, passed as the record's only parameter. */
    public record EventFields(String event, String flowId, Map<String, Object> fields) {
    }
}
