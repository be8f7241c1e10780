package io.watchword.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark of issue 8 ({@code mvn -Pbench verify}, see the README, "Benchmark"): complete SMS
 * journeys against a real WildFly with a real outbound HTTP call per journey, then a trivial
 * endpoint under the same concurrency. It prints figures; it asserts nothing and is no test.
 */
public final class Benchmark {

    static final String JOURNEY = "bench_sms";
    static final String CONNECTION = "bench-sms";
    /** The journey of {@code bench.hanging-share}: its OTP step tries HANG_CONNECTION, then CONNECTION. */
    static final String FAILOVER_JOURNEY = "bench_sms_failover";
    /** Posts to the sink's path that never answers. */
    static final String HANG_CONNECTION = "bench-sms-hang";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig cfg = BenchConfig.fromSystemProperties();
        String loadBefore = ProcessStats.loadAverage();
        BenchServer server = new BenchServer(cfg);
        try (SmsSink sink = new SmsSink(cfg.providerLatency().toMillis()); server) {
            if (cfg.url() == null) {
                server.wipeData();
                if (cfg.prefill() > 0) {
                    long t = System.nanoTime();
                    Prefill.run(server.jdbcUrl(), cfg.prefill());
                    System.out.printf("Prefill took %.0f s%n", (System.nanoTime() - t) / 1e9);
                }
                System.out.println("Starting WildFly (" + cfg.jbossHome() + ", port offset " + cfg.portOffset() + ")");
                server.start();
            }
            String base = cfg.baseUrl();
            setUp(base, sink, cfg.hangingShare() > 0);
            Optional<ProcessHandle> java = server.javaProcess();
            AtomicLong peakRss = new AtomicLong(-1);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            java.ifPresent(p -> sampler.scheduleAtFixedRate(
                    () -> peakRss.accumulateAndGet(ProcessStats.statusKb(p.pid(), "VmRSS"), Math::max),
                    0, 1, TimeUnit.SECONDS));

            LoadDriver driver = new LoadDriver(base, JOURNEY, FAILOVER_JOURNEY, cfg.hangingShare(), sink, cfg.clients());
            System.out.printf("Warm-up: %d s at %d clients%n", cfg.warmup().toSeconds(), cfg.clients());
            LoadDriver.Phase warm = driver.journeys(cfg.warmup());
            // Read between phases, when every client has finished its journey: each failure of a
            // journey's hanging send is then counted in the phase that ran the journey.
            double hangFailures0 = ServerMetrics.deliveryFailures(base, HANG_CONNECTION);
            long hangReceived0 = sink.hangReceived();
            Jfr jfr = new Jfr(java, cfg.jfr());
            jfr.start();
            AsyncProfile profile = new AsyncProfile(java, cfg.profile());
            profile.start();
            double serverCpu0 = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0);
            double driverCpu0 = driverCpu();
            System.out.printf("Measuring: %d s%n", cfg.duration().toSeconds());
            LoadDriver.Phase run = driver.journeys(cfg.duration());
            double serverCpu = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0) - serverCpu0;
            double driverCpu = driverCpu() - driverCpu0;
            long hangReceived = sink.hangReceived() - hangReceived0;
            double failedOver = ServerMetrics.deliveryFailures(base, HANG_CONNECTION) - hangFailures0;
            jfr.stop();
            profile.stop();
            // Watchword's memory: read before floor.war is deployed for the floor phase.
            long hwmJourneys = java.map(p -> ProcessStats.statusKb(p.pid(), "VmHWM")).orElse(-1L);
            long peakRssJourneys = peakRss.get();
            LoadDriver.Phase floor = null;
            double floorCpu = -1;
            AsyncProfile floorProfile = profile.floor();
            if (cfg.floor()) {
                server.deployFloor();
                System.out.printf("Floor journey: %d s warm-up, %d s measured%n", Math.min(10, cfg.warmup().toSeconds()),
                        cfg.floorDuration().toSeconds());
                driver.floor(Duration.ofSeconds(Math.min(10, cfg.warmup().toSeconds())));
                floorProfile.start();
                double floorCpu0 = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0);
                floor = driver.floor(cfg.floorDuration());
                floorCpu = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0) - floorCpu0;
                floorProfile.stop();
            }
            PairedRatio paired = new PairedRatio();
            String pairedReport = cfg.floor() && paired.enabled() ? paired.run(driver, java) : "";
            driver.trivial(Duration.ofSeconds(Math.min(5, cfg.warmup().toSeconds())));
            double trivialCpu0 = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0);
            LoadDriver.Phase trivial = driver.trivial(cfg.trivialDuration());
            double trivialCpu = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0) - trivialCpu0;
            sampler.shutdownNow();

            Report.print(cfg, warm, run, trivial, loadBefore, ProcessStats.loadAverage(),
                    hwmJourneys, peakRssJourneys,
                    serverCpu, driverCpu, trivialCpu, sink.received(), failedOver, hangReceived, floor, floorCpu);
            System.out.print(pairedReport);
            jfr.printTop();
            profile.printSummary();
            floorProfile.printSummary();
        }
    }

    private static double driverCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /**
     * The SMS connection pointing at the sink, and the journey that uses it (admin API); with
     * {@code failover}, also the connection to the sink's hanging path and the journey that
     * tries it first. Made only when asked for, so that a run without hanging share also works
     * against a deployment without connection arrays.
     */
    static void setUp(String base, SmsSink sink, boolean failover) throws Exception {
        admin(base, "/connections/" + CONNECTION, connection(CONNECTION, sink.url(), 10_000));
        admin(base, "/journeys/" + JOURNEY, journey(JOURNEY, "\"" + CONNECTION + "\""));
        if (failover) {
            // Far below the other's 10 s: a hanging provider costs its journey this time-out.
            admin(base, "/connections/" + HANG_CONNECTION, connection(HANG_CONNECTION, sink.hangUrl(), 2_000));
            admin(base, "/journeys/" + FAILOVER_JOURNEY, journey(FAILOVER_JOURNEY,
                    "[\"" + HANG_CONNECTION + "\",\"" + CONNECTION + "\"]"));
        }
    }

    /**
     * An {@code sms_webservice} connection posting to {@code url}. {@code maxConcurrency}: the
     * default, 64 calls in flight per node (contract §8), would cap the clients the benchmark
     * runs (up to 256) and count the excess as failures.
     */
    private static String connection(String name, String url, int timeoutMillis) {
        return "{\"name\":\"" + name + "\",\"channel\":\"sms\",\"provider\":\"sms_webservice\","
                + "\"settings\":{\"url\":\"" + url + "\",\"method\":\"POST\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"bodyTemplate\":\"{\\\"to\\\":\\\"${to}\\\",\\\"from\\\":\\\"${from}\\\",\\\"text\\\":\\\"${text}\\\"}\","
                + "\"timeoutMillis\":" + timeoutMillis + ",\"maxConcurrency\":1024},"
                + "\"secrets\":{\"authorization\":\"Bearer bench-sink-token\"}}";
    }

    /** Form {@code phone} → Generic OTP by SMS over {@code connection} (a JSON string or array) → complete. */
    private static String journey(String id, String connection) {
        return "{\"id\":\"" + id + "\",\"start\":\"identify\",\"steps\":{"
                + "\"identify\":{\"type\":\"form\",\"formId\":\"identify\","
                + "\"schema\":{\"phone\":{\"type\":\"string\",\"required\":true}},\"output\":\"identify\",\"next\":\"otp\"},"
                + "\"otp\":{\"type\":\"generic_otp_authentication\",\"externalUserId\":\"identify.phone\",\"channel\":\"sms\","
                + "\"sms\":{\"connection\":" + connection + ",\"recipient\":\"identify.phone\",\"from\":\"Bench\","
                + "\"message\":\"Your code is ${otp}. It expires in ${expiresInMinutes} minutes.\"},"
                + "\"errorOutputVariable\":\"otpError\",\"failureBehavior\":\"failure_branch\",\"next\":\"done\",\"onFailure\":\"failed\"},"
                + "\"done\":{\"type\":\"complete\"},"
                + "\"failed\":{\"type\":\"reject\",\"reason\":\"${otpError.message}\"}}}";
    }

    private static void admin(String base, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/admin" + path))
                .header("Content-Type", "application/json")
                .header("Authorization", adminAuthorization())
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** HTTP Basic for the admin API: {@code -Dbench.admin=user:password}, else the development admin. */
    static String adminAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                System.getProperty("bench.admin", "admin:watchword-dev").getBytes(StandardCharsets.UTF_8));
    }
}
