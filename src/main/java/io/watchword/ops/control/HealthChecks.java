package io.watchword.ops.control;

import io.watchword.token.control.TokenService;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The checks of {@code GET /api/health} (contract §9). Each one says UP or DOWN and, where
 * useful, a little data — never a secret, a host name or an exception message (those can
 * hold a JDBC URL).
 */
@ApplicationScoped
public class HealthChecks {

    public static final String DATABASE = "database";
    public static final String MIGRATIONS = "migrations";
    public static final String SIGNING_KEY = "signing-key";

    /** One check's verdict, in MicroProfile Health's terms. */
    public record Check(String name, boolean up, Map<String, Object> data) {
    }

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    TokenService tokens;

    public List<Check> all() {
        List<Check> checks = new ArrayList<>();
        checks.add(database());
        checks.add(migrations());
        checks.add(signingKey());
        return checks;
    }

    /** A query answers within two seconds. */
    Check database() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("select 1");
            return new Check(DATABASE, true, Map.of());
        } catch (Exception e) {
            return new Check(DATABASE, false, Map.of("reason", "no answer from the database"));
        }
    }

    /**
     * The schema is at the version of the newest migration this build ships
     * ({@code db/migration}, applied by {@code setup.Bootstrap}), and that migration did not
     * fail. The build's version is found once (Flyway resolves the migrations, and logs as it
     * does); each check then reads the newest row of the schema history, one indexed query.
     */
    Check migrations() {
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            String expected = expectedVersion();
            data.put("expected", expected);
            String current = "none";
            boolean succeeded = false;
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(NEWEST_MIGRATION)) {
                s.setQueryTimeout(2);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        current = r.getString(1);
                        succeeded = r.getBoolean(2);
                    }
                }
            }
            data.put("current", current);
            return new Check(MIGRATIONS, succeeded && expected.equals(current), data);
        } catch (Exception e) {
            data.put("reason", "the schema history cannot be read");
            return new Check(MIGRATIONS, false, data);
        }
    }

    /** Flyway's history table, as Flyway writes it (quoted lower-case names on H2 and PostgreSQL). */
    static final String NEWEST_MIGRATION = "select \"version\", \"success\" from \"ww_schema_history\""
            + " where \"version\" is not null order by \"installed_rank\" desc fetch first 1 rows only";

    private volatile String expected;

    /** The newest migration version of this build (a fact of the build: found once). */
    private String expectedVersion() {
        String v = expected;
        if (v == null) {
            MigrationVersion newest = MigrationVersion.EMPTY;
            for (MigrationInfo m : Flyway.configure(getClass().getClassLoader()).dataSource(dataSource)
                    .locations("classpath:db/migration").table("ww_schema_history").load().info().all()) {
                if (m.getVersion() != null && m.getVersion().compareTo(newest) > 0) {
                    newest = m.getVersion();
                }
            }
            v = newest.getVersion() == null ? "none" : newest.getVersion();
            expected = v;
        }
        return v;
    }

    /** The token signing key can be loaded (made on first use, then kept in the database). */
    Check signingKey() {
        try {
            return new Check(SIGNING_KEY, true, Map.of("kid", tokens.signingKeyId()));
        } catch (Exception e) {
            return new Check(SIGNING_KEY, false, Map.of("reason", "the signing key cannot be loaded"));
        }
    }
}
