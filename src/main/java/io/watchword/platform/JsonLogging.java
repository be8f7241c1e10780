package io.watchword.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code watchword.log.json=true}: every line Watchword itself logs (the {@code io.watchword}
 * loggers) is one JSON object ({@link JsonLogFormatter}) on the process's standard output —
 * where container platforms collect logs — instead of going to the server's log handlers.
 * The server's own lines keep the server's format. Started before {@code setup.Bootstrap}, so
 * start-up lines are JSON too. Off (the default), nothing changes.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JsonLogging {

    public static final String ROOT = "io.watchword";

    @Inject
    Settings settings;

    private Logger root;
    private Handler handler;

    @PostConstruct
    void start() {
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

    /** Writes to file descriptor 1 itself: the servers redirect {@code System.out} into their own log format. */
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
