package io.watchword.ops.control;

import io.watchword.token.control.TokenService;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
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
     * ({@code db/migration}, applied by {@code platform.Bootstrap}), and no migration failed.
     */
    Check migrations() {
        try {
            MigrationInfoService info = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .table("ww_schema_history")
                    .load()
                    .info();
            MigrationVersion expected = MigrationVersion.EMPTY;
            boolean failed = false;
            for (MigrationInfo m : info.all()) {
                if (m.getVersion() != null && m.getVersion().compareTo(expected) > 0) {
                    expected = m.getVersion();
                }
                failed |= m.getState().isFailed();
            }
            MigrationInfo current = info.current();
            MigrationVersion actual = current == null ? MigrationVersion.EMPTY : current.getVersion();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("expected", expected.getVersion() == null ? "none" : expected.getVersion());
            data.put("current", actual == null || actual.getVersion() == null ? "none" : actual.getVersion());
            boolean up = !failed && info.pending().length == 0 && expected.equals(actual);
            return new Check(MIGRATIONS, up, data);
        } catch (Exception e) {
            return new Check(MIGRATIONS, false, Map.of("reason", "the schema history cannot be read"));
        }
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
