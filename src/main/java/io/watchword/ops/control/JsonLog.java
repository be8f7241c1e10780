package io.watchword.ops.control;

import io.watchword.audit.control.LifecycleEvent;
import io.watchword.platform.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code watchword.log.json=true}: every line Watchword itself logs (the {@code io.watchword}
 * loggers) is one JSON object ({@link JsonLogFormatter}) on the process's standard output —
 * where container platforms collect logs — instead of the server's log handlers, and each
 * lifecycle event is logged as such a line with its type and flow id. The server's own lines
 * keep the server's format. Off (the default), nothing changes and events are not logged.
 */
@ApplicationScoped
public class JsonLog {

    static final String ROOT = "io.watchword";
    private static final Logger EVENTS = Logger.getLogger(ROOT + ".events");

    @Inject
    Settings settings;

    private Logger root;
    private Handler handler;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ready) {
        if (!settings.logJson()) {
            return;
        }
        root = Logger.getLogger(ROOT); // held: JUL keeps loggers weakly
        handler = new StdoutHandler();
        handler.setFormatter(new JsonLogFormatter());
        root.addHandler(handler);
        root.setUseParentHandlers(false);
        root.info("Watchword logs JSON lines to standard output (watchword.log.json=true)");
    }

    @PreDestroy
    void stop() {
        if (handler != null) {
            root.removeHandler(handler);
            root.setUseParentHandlers(true);
            handler.close();
        }
    }

    /** A lifecycle event that happened (its transaction committed), as one log line. */
    void event(@Observes(during = TransactionPhase.AFTER_SUCCESS) LifecycleEvent e) {
        if (handler == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(e.details());
        fields.put("channel", e.channel());
        fields.put("outcome", e.outcome());
        EVENTS.log(Level.INFO, e.type(), new JsonLogFormatter.EventFields(e.type(), e.flowId(), fields));
    }

    /** Writes to file descriptor 1 itself: the server redirects {@code System.out} into its own log. */
    static final class StdoutHandler extends Handler {
        private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                out.print(getFormatter().format(r));
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
