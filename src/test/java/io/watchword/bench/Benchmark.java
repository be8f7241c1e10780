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

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig cfg = BenchConfig.fromSystemProperties();
        String loadBefore = ProcessStats.loadAverage();
        BenchServer server = new BenchServer(cfg);
        try (SmsSink sink = new SmsSink(); server) {
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
            setUp(base, sink);
            Optional<ProcessHandle> java = server.javaProcess();
            AtomicLong peakRss = new AtomicLong(-1);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            java.ifPresent(p -> sampler.scheduleAtFixedRate(
                    () -> peakRss.accumulateAndGet(ProcessStats.statusKb(p.pid(), "VmRSS"), Math::max),
                    0, 1, TimeUnit.SECONDS));

            LoadDriver driver = new LoadDriver(base, JOURNEY, sink, cfg.clients());
            System.out.printf("Warm-up: %d s at %d clients%n", cfg.warmup().toSeconds(), cfg.clients());
            LoadDriver.Phase warm = driver.journeys(cfg.warmup());
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
            jfr.stop();
            profile.stop();
            // Watchword's memory: read before floor.war is deployed for the floor phase.
            long hwmJourneys = java.map(p -> ProcessStats.statusKb(p.pid(), "VmHWM")).orElse(-1L);
            long peakRssJourneys = peakRss.get();
            LoadDriver.Phase floor = null;
            double floorCpu = -1;
            if (cfg.floor()) {
                server.deployFloor();
                System.out.printf("Floor journey: %d s warm-up, %d s measured%n", Math.min(10, cfg.warmup().toSeconds()),
                        cfg.floorDuration().toSeconds());
                driver.floor(Duration.ofSeconds(Math.min(10, cfg.warmup().toSeconds())));
                double floorCpu0 = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0);
                floor = driver.floor(cfg.floorDuration());
                floorCpu = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0) - floorCpu0;
            }
            driver.trivial(Duration.ofSeconds(Math.min(5, cfg.warmup().toSeconds())));
            double trivialCpu0 = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0);
            LoadDriver.Phase trivial = driver.trivial(cfg.trivialDuration());
            double trivialCpu = java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0) - trivialCpu0;
            sampler.shutdownNow();

            Report.print(cfg, warm, run, trivial, loadBefore, ProcessStats.loadAverage(),
                    hwmJourneys, peakRssJourneys,
                    serverCpu, driverCpu, trivialCpu, sink.received(), floor, floorCpu);
            jfr.printTop();
            profile.printSummary();
        }
    }

    private static double driverCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** The SMS connection pointing at the sink, and the journey that uses it (admin API). */
    static void setUp(String base, SmsSink sink) throws Exception {
        String connection = "{\"name\":\"" + CONNECTION + "\",\"channel\":\"sms\",\"provider\":\"sms_webservice\","
                + "\"settings\":{\"url\":\"" + sink.url() + "\",\"method\":\"POST\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"bodyTemplate\":\"{\\\"to\\\":\\\"${to}\\\",\\\"from\\\":\\\"${from}\\\",\\\"text\\\":\\\"${text}\\\"}\","
                + "\"timeoutMillis\":10000},"
                + "\"secrets\":{\"authorization\":\"Bearer bench-sink-token\"}}";
        String journey = "{\"id\":\"" + JOURNEY + "\",\"start\":\"identify\",\"steps\":{"
                + "\"identify\":{\"type\":\"form\",\"formId\":\"identify\","
                + "\"schema\":{\"phone\":{\"type\":\"string\",\"required\":true}},\"output\":\"identify\",\"next\":\"otp\"},"
                + "\"otp\":{\"type\":\"generic_otp_authentication\",\"externalUserId\":\"identify.phone\",\"channel\":\"sms\","
                + "\"sms\":{\"connection\":\"" + CONNECTION + "\",\"recipient\":\"identify.phone\",\"from\":\"Bench\","
                + "\"message\":\"Your code is ${otp}. It expires in ${expiresInMinutes} minutes.\"},"
                + "\"errorOutputVariable\":\"otpError\",\"failureBehavior\":\"failure_branch\",\"next\":\"done\",\"onFailure\":\"failed\"},"
                + "\"done\":{\"type\":\"complete\"},"
                + "\"failed\":{\"type\":\"reject\",\"reason\":\"${otpError.message}\"}}}";
        admin(base, "/connections/" + CONNECTION, connection);
        admin(base, "/journeys/" + JOURNEY, journey);
    }

    private static void admin(String base, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/admin" + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        System.getProperty("bench.admin", "admin:watchword-dev").getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
