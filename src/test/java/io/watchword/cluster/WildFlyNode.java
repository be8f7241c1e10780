package io.watchword.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
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
import java.util.Map;
import java.util.stream.Stream;

/**
 * One WildFly of the two-node test, run as production runs it: its own server base directory
 * (a copy of the prepared {@code standalone/} folder), the WAR dropped into
 * {@code deployments/}, the database given by environment variables. The test starts and
 * kills these processes itself because it must kill one with SIGKILL mid-journey, which a
 * managed Arquillian container does not offer.
 */
public final class WildFlyNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int portOffset;
    private final Path jbossHome;
    private final Path baseDir;
    private Process launcher;

    public WildFlyNode(String name, Path jbossHome, Path baseDir, int portOffset) {
        this.name = name;
        this.jbossHome = jbossHome;
        this.baseDir = baseDir;
        this.portOffset = portOffset;
    }

    public URL url() {
        try {
            return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/watchword").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path serverLog() {
        return baseDir.resolve("log/server.log");
    }

    /** What the server process wrote to its standard output and error. */
    public Path consoleLog() {
        return baseDir.resolve("console.log");
    }

    /** A fresh copy of the prepared configuration, with the WAR in its deployment folder. */
    public void prepare(Path war) throws IOException {
        deleteRecursively(baseDir);
        Path source = jbossHome.resolve("standalone");
        for (String dir : List.of("configuration", "deployments")) {
            copyTree(source.resolve(dir), baseDir.resolve(dir));
        }
        Files.copy(war, baseDir.resolve("deployments/watchword.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    public void start(Map<String, String> environment, List<String> systemProperties) throws IOException {
        // A server left running by an earlier, interrupted run would answer in this node's place
        // (awaitDeployed only asks whether the port answers): refuse to start beside it.
        for (int port : new int[] {8080 + portOffset, 9990 + portOffset}) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException taken) {
                throw new AssertionError(name + ": port " + port + " is taken by another process (a server left"
                        + " running by an earlier run?); stop it first", taken);
            }
        }
        List<String> command = new ArrayList<>(List.of(jbossHome.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir, "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.node.name=" + name,
                // the test peers (fake providers) listen on 127.0.0.1 (contract §11)
                "-Dwatchword.connections.allow-private-networks=true"));
        command.addAll(systemProperties);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("console.log").toFile());
        pb.environment().putAll(environment);
        pb.environment().put("JAVA_OPTS", "-Xms128m -Xmx512m -Djava.net.preferIPv4Stack=true");
        pb.environment().put("JBOSS_HOME", jbossHome.toString());
        launcher = pb.start();
    }

    /** Waits until the deployment scanner reports the WAR deployed, failing on a failed deployment. */
    public void awaitDeployed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path deployed = baseDir.resolve("deployments/watchword.war.deployed");
        Path failed = baseDir.resolve("deployments/watchword.war.failed");
        while (System.nanoTime() < deadline) {
            if (Files.exists(failed)) {
                throw new AssertionError(name + ": deployment failed; see " + serverLog());
            }
            if (Files.exists(deployed) && answers()) {
                return;
            }
            if (!launcher.isAlive()) {
                throw new AssertionError(name + " exited with " + launcher.exitValue() + "; see " + baseDir.resolve("console.log"));
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " did not deploy within " + timeout + "; see " + serverLog());
    }

    /** Whether the node answers HTTP at all. */
    boolean answers() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/.well-known/jwks.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9 of the server JVM: no shutdown hook, no transaction completion, no goodbye. */
    public void killHard() throws InterruptedException {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> jvms = launcher.descendants().toList();
        for (ProcessHandle jvm : jvms) {
            jvm.destroyForcibly(); // SIGKILL on Linux
        }
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().join();
        }
        launcher.destroyForcibly();
        launcher.waitFor();
    }

    boolean isAlive() {
        return launcher != null && launcher.isAlive();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("watchword.war")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public String toString() {
        return name + " (port offset " + portOffset + ")";
    }
}
