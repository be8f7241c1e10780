package io.watchword.bench;

import io.watchword.bench.floor.FloorWar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The WildFly the benchmark runs against: the one Maven unpacked into target/wildfly-bench and
 * prepared with server-config/wildfly (as the run command does), started with the given port
 * offset, the abuse limits raised by configuration and a fresh H2 file database.
 */
final class BenchServer implements AutoCloseable {

    /** Abuse limits out of the way: the benchmark measures journeys, not the limiter. */
    static final List<String> SETTINGS = List.of(
            "-Dwatchword.ratelimit.start-per-ip=1000000/PT1M",
            "-Dwatchword.ratelimit.sends-per-recipient=1000000/PT1M",
            "-Dwatchword.ratelimit.sends-per-user=1000000/PT1M",
            "-Dwatchword.sms.conversion.min-volume=1000000000",
            "-Dwatchword.connections.allow-private-networks=true",
            // required outside development mode (contract §11); the bench server runs as production does
            "-Dwatchword.token.issuer=https://bench.example.test/watchword");

    private final BenchConfig config;
    private Process launcher;
    private ProcessHandle serverJava;

    BenchServer(BenchConfig config) {
        this.config = config;
    }

    Path dataDir() {
        return config.jbossHome().resolve("standalone/data/watchword");
    }

    /** The H2 file of the datasource WatchwordDS (server-config/wildfly/watchword.cli). */
    String jdbcUrl() {
        return "jdbc:h2:" + dataDir().resolve("watchword").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    void wipeData() throws IOException {
        if (Files.exists(dataDir())) {
            try (Stream<Path> s = Files.walk(dataDir())) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    void start() throws Exception {
        Path home = config.jbossHome().toAbsolutePath();
        if (!Files.isDirectory(home.resolve("bin"))) {
            throw new IllegalStateException("No WildFly at " + home + ": run through `mvn -Pbench verify`");
        }
        Path deployments = home.resolve("standalone/deployments");
        try (Stream<Path> s = Files.list(deployments)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("watchword.war")).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(config.war(), deployments.resolve("watchword.war"), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> s = Files.list(deployments)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(FloorWar.CONTEXT + ".war")).toList()) {
                Files.delete(p);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + config.portOffset()));
        cmd.addAll(SETTINGS);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench-server.log").toFile());
        // WildFly's stacks are deeper than JFR's default 64 frames: without more, a profile
        // loses the application frames under the container's.
        pb.environment().put("JAVA_OPTS", config.serverJvm()
                + " -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
                + (config.jfr() == null ? "" : " -XX:FlightRecorderOptions:stackdepth=512"));
        pb.environment().put("JBOSS_HOME", home.toString());
        launcher = pb.start();
        waitUntilUp(Duration.ofMinutes(3));
        serverJava = launcher.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElse(null);
    }

    /**
     * Deploys floor.war (the floor journey) into the running server, after Watchword's own
     * figures are taken, and waits until it answers.
     */
    void deployFloor() throws Exception {
        Path deployments = config.jbossHome().toAbsolutePath().resolve("standalone/deployments");
        FloorWar.write(deployments.resolve(FloorWar.CONTEXT + ".war"));
        HttpClient http = HttpClient.newHttpClient();
        URI probe = URI.create("http://127.0.0.1:" + (8080 + config.portOffset()) + "/" + FloorWar.CONTEXT + "/api/floor/start");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(deployments.resolve(FloorWar.CONTEXT + ".war.failed"))) {
                throw new IllegalStateException("floor.war failed to deploy: see target/bench-server.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(probe).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is up; the deployment is not
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("floor.war did not come up within 2 minutes: see target/bench-server.log");
    }

    private void waitUntilUp(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI probe = URI.create(config.baseUrl() + "/api/.well-known/jwks.json");
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("WildFly stopped during start: see target/bench-server.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Watchword did not come up within " + timeout + ": see target/bench-server.log");
    }

    /** The server's java process, when this run started it (or -Dbench.pid names it). */
    Optional<ProcessHandle> javaProcess() {
        if (serverJava != null) {
            return Optional.of(serverJava);
        }
        Long pid = Long.getLong("bench.pid");
        return pid == null ? Optional.empty() : ProcessHandle.of(pid);
    }

    @Override
    public void close() throws Exception {
        if (launcher == null) {
            return;
        }
        // After a failed start serverJava is unknown: stop whatever the launcher started.
        List<ProcessHandle> javas = serverJava != null ? List.of(serverJava) : launcher.descendants().toList();
        for (ProcessHandle p : javas) {
            p.destroy();
            p.onExit().get(60, TimeUnit.SECONDS);
        }
        launcher.destroy();
        launcher.waitFor();
    }
}
