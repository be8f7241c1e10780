package io.watchword.setup;

import io.watchword.abuse.control.AbuseSettings;
import io.watchword.channel.outbox.OutboxProvider;
import io.watchword.connection.control.ConnectionService;
import io.watchword.journey.control.JourneyRepository;
import io.watchword.otp.control.TestRecipients;
import io.watchword.platform.DevelopmentMode;
import io.watchword.platform.Settings;
import io.watchword.retention.RetentionPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Start-up, in order: check the settings (an invalid one stops the deployment, naming its
 * key; development mode only on an embedded H2 database), migrate the schema (Flyway takes
 * a database lock, so nodes starting together migrate once), and in development mode load the example journeys that are absent and the demo
 * connections.
 */
@Singleton
@Startup
@DependsOn("JsonLogging")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());
    static final List<String> EXAMPLE_JOURNEYS = List.of("otp_login_email", "otp_login_sms", "otp_login_push");
    static final List<String[]> DEMO_CONNECTIONS = List.of(
            new String[] {"demo-email", "email"}, new String[] {"demo-sms", "sms"}, new String[] {"demo-push", "push"});

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    Settings settings;

    @Inject
    AbuseSettings abuseSettings;

    @Inject
    TestRecipients testRecipients;

    @Inject
    JourneyRepository journeys;

    @Inject
    ConnectionService connections;

    @PostConstruct
    void start() {
        settings.load();
        RetentionPolicy.of(settings); // checks the flow retention against the flow expiry
        abuseSettings.load();
        DevelopmentMode.check(settings.devMode(), databaseUrl());
        testRecipients.load();
        Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("ww_schema_history")
                .load()
                .migrate();
        if (!settings.devMode()) {
            return; // the example journeys and demo connections are for development (contract §11)
        }
        for (String id : EXAMPLE_JOURNEYS) {
            if (journeys.find(id) == null) {
                try {
                    journeys.putIfAbsent(Json.createReader(resource("/journeys/" + id + ".json")).readObject());
                } catch (RuntimeException raced) {
                    LOG.fine(() -> "Example journey " + id + " was stored by another node");
                }
            }
        }
        if (settings.outboxEnabled()) {
            for (String[] c : DEMO_CONNECTIONS) {
                try {
                    connections.createIfAbsent(demoConnection(c[0], c[1]));
                } catch (RuntimeException raced) {
                    LOG.fine(() -> "Demo connection " + c[0] + " was stored by another node");
                }
            }
            LOG.info("Watchword development mode: demo connections use the outbox provider (GET /api/admin/outbox)");
        }
    }

    private String databaseUrl() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.getMetaData().getURL();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("The database does not answer: " + e.getSQLState(), e);
        }
    }

    private static JsonObject demoConnection(String name, String channel) {
        return Json.createObjectBuilder().add("name", name).add("channel", channel).add("provider", OutboxProvider.NAME).build();
    }

    private InputStream resource(String path) {
        InputStream in = getClass().getResourceAsStream(path);
        if (in == null) {
            throw new UncheckedIOException(new IOException("Missing resource " + path));
        }
        return in;
    }

}
