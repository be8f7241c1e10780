package io.watchword.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The benchmark's knobs, read from system properties ({@code mvn -Pbench -Dbench.clients=16}).
 * Every figure the benchmark prints depends on these, so they are printed with the results.
 */
record BenchConfig(int clients, Duration warmup, Duration duration, Duration trivialDuration, Duration floorDuration,
                   String url, int portOffset, long prefill, Path jbossHome, Path war,
                   String serverJvm, Path jfr, Path profile, Duration providerLatency, double hangingShare) {

    static BenchConfig fromSystemProperties() {
        int offset = Integer.getInteger("bench.port-offset", 0);
        String url = System.getProperty("bench.url", "").strip();
        Duration duration = seconds("bench.duration", 60);
        String jfr = System.getProperty("bench.jfr", "").strip();
        String profile = System.getProperty("bench.profile", "").strip();
        long latency = Long.getLong("bench.provider-latency", 0L);
        double hangingShare = Double.parseDouble(System.getProperty("bench.hanging-share", "0").strip());
        if (latency < 0) {
            throw new IllegalArgumentException("bench.provider-latency must be >= 0 ms, not " + latency);
        }
        // written as !(in range) so that NaN is refused too
        if (!(hangingShare >= 0 && hangingShare <= 1)) {
            throw new IllegalArgumentException("bench.hanging-share must be within 0..1, not " + hangingShare);
        }
        return new BenchConfig(
                Integer.getInteger("bench.clients", 32),
                seconds("bench.warmup", 30),
                duration,
                seconds("bench.trivial-duration", (int) duration.toSeconds()),
                seconds("bench.floor-duration", 30),
                url.isEmpty() ? null : url,
                offset,
                Long.getLong("bench.prefill", 0L),
                Path.of(System.getProperty("bench.jboss-home", "target/wildfly-bench/wildfly-39.0.1.Final")),
                Path.of(System.getProperty("bench.war", "target/watchword.war")),
                System.getProperty("bench.server-jvm", "-Xms512m -Xmx512m -XX:MaxMetaspaceSize=256m"),
                jfr.isEmpty() ? null : Path.of(jfr).toAbsolutePath(),
                profile.isEmpty() ? null : Path.of(profile).toAbsolutePath(),
                Duration.ofMillis(latency),
                hangingShare);
    }

    /** Whether the floor journey runs: only on a server this run starts (it deploys floor.war). */
    boolean floor() {
        return url == null && !floorDuration.isZero();
    }

    /** The deployment's base URL: the given one, or the server this run starts. */
    String baseUrl() {
        return url != null ? url : "http://127.0.0.1:" + (8080 + portOffset) + "/watchword";
    }

    private static Duration seconds(String key, int def) {
        return Duration.ofSeconds(Integer.getInteger(key, def));
    }
}
