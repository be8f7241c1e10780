package io.watchword.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Which SQL the database speaks where the standard has no word for it (an insert that gives way
 * to a concurrent one): PostgreSQL's {@code ON CONFLICT}, or H2's. Found on first use from the
 * datasource's metadata — a fact of the deployment, the same on every node, never changed.
 */
@ApplicationScoped
public class SqlDialect {

    /**
     * The hint that names the tables a native statement touches (Hibernate's query spaces): only
     * pending changes to those are flushed before it, and nothing else is taken as changed by it.
     */
    public static final String QUERY_SPACES = "org.hibernate.query.native.spaces";

    /** The hint that loads an entity read-only: no copy of its state is kept to find changes at the commit. */
    public static final String READ_ONLY = "org.hibernate.readOnly";

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    private volatile Boolean postgres;

    /** Outside the container (unit tests, tools): the dialect of this datasource. */
    public static SqlDialect of(DataSource dataSource) {
        SqlDialect d = new SqlDialect();
        d.dataSource = dataSource;
        return d;
    }

    public boolean postgres() {
        Boolean pg = postgres;
        if (pg == null) {
            try (Connection c = dataSource.getConnection()) {
                pg = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not tell which database this is", e);
            }
            postgres = pg;
        }
        return pg;
    }
}
