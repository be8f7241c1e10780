package io.watchword.abuse.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.watchword.abuse.entity.RateCounter;
import io.watchword.it.PostgresSchema;
import io.watchword.platform.SqlDialect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Send limits reserved before the send (contract §8), on the two databases Watchword runs on:
 * threads on connections of their own, as requests on several nodes, reserve a recipient's and
 * a user's limit at once. Exactly the limit passes; a reservation refused by its second limit
 * gives back its first; a release takes a count back once, never below zero.
 */
class SendReservationsTest {

    private static final int THREADS = 32;
    private static final Instant NOW = Instant.parse("2026-12-02T18:20:00Z");

    @Test
    void h2ReservesExactlyUpToEachLimitAndReleasesWhatWasNotSent() throws Exception {
        check("jdbc:h2:mem:reservations-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "sa");
    }

    @Test
    void postgresqlReservesExactlyUpToEachLimitAndReleasesWhatWasNotSent() throws Exception {
        PostgresSchema pg = PostgresSchema.local();
        if (!pg.reachable()) {
            if (Boolean.getBoolean("watchword.require-postgres")) {
                fail("PostgreSQL not reachable (watchword.require-postgres=true)");
            }
            Assumptions.abort("PostgreSQL not reachable: skipped");
        }
        String schema = pg.createUnique("ww_reservations");
        try {
            check(pg.urlFor(schema), pg.user(), pg.password());
        } finally {
            pg.drop(schema);
        }
    }

    private static void check(String url, String user, String password) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .table("ww_schema_history").load().migrate();
        RateLimiter limiter = new RateLimiter();
        limiter.counters = new RateCounters();
        limiter.counters.dataSource = new RateCountersTest.Connections(url, user, password);
        limiter.counters.dialect = SqlDialect.of(limiter.counters.dataSource);
        limiter.counters.init();
        limiter.reader = new RateCounterReader();
        limiter.reader.dataSource = limiter.counters.dataSource;
        limiter.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Rate five = new Rate(5, Duration.ofHours(1));
        Rate roomy = new Rate(1000, Duration.ofHours(1));

        // 32 sends to one recipient, each for a user of its own: 5 pass.
        List<RateLimiter.Reservation> toVictim = race(n -> limiter.reserve(List.of(
                new RateLimiter.Limit(RateLimiter.SEND_RECIPIENT, "email:victim@example.com", five),
                new RateLimiter.Limit(RateLimiter.SEND_USER, "user-" + n, roomy))));
        List<RateLimiter.Reservation> held = toVictim.stream().filter(r -> r.decision().allowed()).toList();
        assertThat(held).hasSize(5).allSatisfy(r -> assertThat(r.keys()).hasSize(2));
        assertThat(toVictim).filteredOn(r -> !r.decision().allowed()).hasSize(THREADS - 5).allSatisfy(r -> {
            assertThat(r.keys()).as("a refused reservation holds nothing").isEmpty();
            assertThat(r.decision().retryAfterSeconds()).as("until the hour's window ends").isEqualTo(2400);
        });
        RateCounter.Key victim = RateLimiter.key(RateLimiter.SEND_RECIPIENT, "email:victim@example.com", 3600, NOW);
        assertThat(RateCountersTest.hits(limiter.reader, victim)).containsExactly(5);

        // 32 sends for one user to recipients of their own: the second limit refuses 27, and
        // each of those gives its recipient's count back.
        List<RateLimiter.Reservation> forUser = race(n -> limiter.reserve(List.of(
                new RateLimiter.Limit(RateLimiter.SEND_RECIPIENT, "sms:+1555000" + (1000 + n), five),
                new RateLimiter.Limit(RateLimiter.SEND_USER, "jane", five))));
        assertThat(forUser).filteredOn(r -> r.decision().allowed()).hasSize(5);
        List<RateCounter.Key> recipients = new ArrayList<>();
        for (int n = 0; n < THREADS; n++) {
            recipients.add(RateLimiter.key(RateLimiter.SEND_RECIPIENT, "sms:+1555000" + (1000 + n), 3600, NOW));
        }
        int[] hits = RateCountersTest.hits(limiter.reader, recipients.toArray(new RateCounter.Key[0]));
        assertThat(java.util.Arrays.stream(hits).sum()).as("recipients counted: only those whose send was allowed").isEqualTo(5);
        assertThat(hits).containsOnly(0, 1);

        // Nothing delivered: a count goes back per release, and never below zero.
        RateLimiter.Reservation undelivered = held.get(0);
        limiter.release(undelivered);
        assertThat(RateCountersTest.hits(limiter.reader, victim)).containsExactly(4);
        assertThat(limiter.reserve(List.of(new RateLimiter.Limit(RateLimiter.SEND_RECIPIENT, "email:victim@example.com", five)))
                .decision().allowed()).as("the released count is free again").isTrue();
        assertThat(RateCountersTest.hits(limiter.reader, victim)).containsExactly(5);
        for (RateLimiter.Reservation r : held) {
            limiter.release(r);
        }
        limiter.release(held.get(1));
        assertThat(RateCountersTest.hits(limiter.reader, victim)).as("never below zero").containsExactly(0);
        RateCounter.Key absent = RateLimiter.key(RateLimiter.SEND_USER, "nobody", 3600, NOW);
        limiter.counters.release(List.of(absent));
        assertThat(RateCountersTest.hits(limiter.reader, absent)).containsExactly(0);
    }

    interface Reserve {
        RateLimiter.Reservation run(int n) throws Exception;
    }

    /** Runs {@code reserve} on {@link #THREADS} threads at once; answers in thread order. */
    private static List<RateLimiter.Reservation> race(Reserve reserve) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RateLimiter.Reservation>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    go.await();
                    return reserve.run(n);
                }));
            }
            go.countDown();
            List<RateLimiter.Reservation> out = new ArrayList<>();
            for (Future<RateLimiter.Reservation> f : results) {
                out.add(f.get(2, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
