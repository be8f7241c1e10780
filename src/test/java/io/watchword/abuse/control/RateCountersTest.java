package io.watchword.abuse.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.watchword.abuse.entity.RateCounter;
import io.watchword.it.PostgresSchema;
import io.watchword.platform.SqlDialect;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The counters' SQL on the two databases Watchword runs on (the schema by the real migrations):
 * many threads, each on its own connection as requests on different nodes would be, race to
 * count on one counter that does not exist yet. Exactly {@code limit} hits may pass, and the
 * stored count must be exact.
 */
class RateCountersTest {

    private static final int THREADS = 16;
    private static final int TRIES_EACH = 10;
    private static final int LIMIT = 37;

    @Test
    void h2CountsExactlyUpToTheLimitUnderConcurrency() throws Exception {
        String url = "jdbc:h2:mem:counters-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        raceOn(url, "sa", "sa");
    }

    @Test
    void postgresqlCountsExactlyUpToTheLimitUnderConcurrency() throws Exception {
        PostgresSchema pg = PostgresSchema.local();
        if (!pg.reachable()) {
            if (Boolean.getBoolean("watchword.require-postgres")) {
                fail("PostgreSQL not reachable (watchword.require-postgres=true)");
            }
            Assumptions.abort("PostgreSQL not reachable: skipped");
        }
        String schema = pg.createUnique("ww_counters");
        try {
            raceOn(pg.urlFor(schema), pg.user(), pg.password());
        } finally {
            pg.drop(schema);
        }
    }

    private static void raceOn(String url, String user, String password) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .table("ww_schema_history").load().migrate();
        RateCounters counters = new RateCounters();
        counters.dataSource = new Connections(url, user, password);
        counters.dialect = SqlDialect.of(counters.dataSource);
        counters.init();
        RateCounterReader reader = new RateCounterReader();
        reader.dataSource = counters.dataSource;
        Instant window = Instant.parse("2026-11-25T18:00:00Z");
        RateCounter.Key key = new RateCounter.Key("start-ip", "a".repeat(64), 600, window);
        RateCounter.Key other = new RateCounter.Key("start-ip", "b".repeat(64), 600, window);
        Instant expires = window.plusSeconds(1200);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                Callable<Integer> client = () -> {
                    go.await();
                    int allowed = 0;
                    for (int i = 0; i < TRIES_EACH; i++) {
                        allowed += counters.hitBelow(key, LIMIT, expires) ? 1 : 0;
                        // events without a limit, on a second counter, interleaved
                        counters.hitAll(List.of(other), List.of(expires));
                    }
                    return allowed;
                };
                results.add(pool.submit(client));
            }
            go.countDown();
            int allowed = 0;
            for (Future<Integer> f : results) {
                allowed += f.get(2, TimeUnit.MINUTES);
            }
            assertThat(allowed).as("hits allowed by a limit of %d out of %d", LIMIT, THREADS * TRIES_EACH).isEqualTo(LIMIT);
        } finally {
            pool.shutdownNow();
        }
        assertThat(hits(reader, key)).as("stored count at the limit").containsExactly(LIMIT);
        assertThat(hits(reader, other)).as("every unlimited event counted once").containsExactly(THREADS * TRIES_EACH);
        assertThat(hits(reader, key, other, new RateCounter.Key("start-ip", "c".repeat(64), 600, window)))
                .containsExactly(LIMIT, THREADS * TRIES_EACH, 0);
        assertThat(reader.sumSince("start-ip", "b".repeat(64), 600, window.minusSeconds(1))).isEqualTo(THREADS * TRIES_EACH);
        // The one-statement read of a send check: hits, a sliding sum, and SMS blocks at a moment.
        try (Connection c = DriverManager.getConnection(url, user, password); var s = c.createStatement()) {
            s.executeUpdate("insert into ww_sms_block (country_code, reason, blocked_since, blocked_until) values"
                    + " ('44', 'low_conversion', timestamp with time zone '2026-11-25 17:00:00+00',"
                    + " timestamp with time zone '2026-11-25 19:00:00+00')");
        }
        RateCounterReader.Reading r = reader.read(List.of(other, key),
                List.of(new RateCounterReader.Sum("start-ip", "a".repeat(64), 600, window.minusSeconds(1)),
                        new RateCounterReader.Sum("start-ip", "a".repeat(64), 600, window)),
                List.of("1", "44"), window.plusSeconds(1800));
        assertThat(r.hits()).containsExactly(THREADS * TRIES_EACH, LIMIT);
        assertThat(r.sums()).containsExactly(LIMIT, 0);
        assertThat(r.blocked()).containsExactly(false, true);
        assertThat(reader.read(List.of(), List.of(), List.of("44"), window.plusSeconds(3600)).blocked())
                .as("the block is over at its end").containsExactly(false);
        assertThat(counters.purge(expires.plusSeconds(1))).as("both counters are past their expiry").isEqualTo(2);
        assertThat(hits(reader, key)).containsExactly(0);
    }

    /** The stored hits of each counter (0 where there is none). */
    static int[] hits(RateCounterReader reader, RateCounter.Key... keys) {
        return reader.read(List.of(keys), List.of(), List.of(), Instant.EPOCH).hits();
    }

    /** A data source that opens a new connection each time, as a pool of many would hand out. */
    record Connections(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
