package io.watchword.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Optional CPU profile of the measured phase with async-profiler ({@code -Dbench.profile=FILE}):
 * its agent (from the {@code tools.profiler:async-profiler} jar on the bench class path) is
 * loaded into the server with {@code jcmd JVMTI.agent_load}, samples CPU time every millisecond
 * (perf events where the kernel allows, else a CPU timer), and writes collapsed stacks to FILE.
 * <p>Preferred to JFR here: JFR's execution sampler only records threads it catches running
 * Java code, and under this load it gave ES256 signing 20 % of the samples where the CPU timer
 * gives 5 % (one signature costs 0.37 ms on Java 17; a journey 8 ms).
 * <p>The summary charges every sample to the component of its deepest frame that belongs to a
 * known component (JDK frames go to their caller's), then lists Watchword's hottest methods
 * by inclusive share.
 */
final class AsyncProfile {

    /** Components by frame prefix (collapsed stacks name classes with slashes). */
    private static final Map<String, Pattern> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("H2 database", Pattern.compile("^org/h2/"));
        COMPONENTS.put("Hibernate ORM", Pattern.compile("^org/hibernate/"));
        COMPONENTS.put("JTA (Narayana)", Pattern.compile("^(com/arjuna|org/wildfly/transaction|jakarta/transaction)"));
        COMPONENTS.put("JCA pool (IronJacamar)", Pattern.compile("^org/jboss/jca"));
        COMPONENTS.put("Weld (CDI)", Pattern.compile("^org/jboss/weld"));
        COMPONENTS.put("EJB container", Pattern.compile("^(org/jboss/as/|org/jboss/invocation|org/wildfly/security)"));
        COMPONENTS.put("RESTEasy (JAX-RS)", Pattern.compile("^org/jboss/resteasy"));
        COMPONENTS.put("Undertow/XNIO (HTTP server)", Pattern.compile("^(io/undertow|org/xnio|org/jboss/threads)"));
        COMPONENTS.put("JSON-P (Parsson)", Pattern.compile("^(org/eclipse/parsson|jakarta/json)"));
        COMPONENTS.put("ES256 signing (JDK EC)", Pattern.compile("^sun/security/(util/math|ec)"));
        COMPONENTS.put("JDK HttpClient (outbound SMS)", Pattern.compile("^(jdk/internal/net/http|java/net/http)"));
        COMPONENTS.put("Jakarta EL", Pattern.compile("^(org/glassfish/expressly|jakarta/el)"));
        COMPONENTS.put("Watchword", Pattern.compile("^io/watchword"));
        COMPONENTS.put("logging", Pattern.compile("^org/jboss/(logging|logmanager)"));
        COMPONENTS.put("JIT compiler", Pattern.compile("(CompileBroker|Compiler)"));
        COMPONENTS.put("garbage collector", Pattern.compile("(G1|GC)"));
    }

    private final Optional<ProcessHandle> server;
    private final Path file;
    private Path agent;
    private boolean running;

    AsyncProfile(Optional<ProcessHandle> server, Path file) {
        this.server = server;
        this.file = file;
    }

    /**
     * The floor journey's phase, sampled the same way by the agent this one loaded, into FILE's
     * sibling {@code FILE.floor}: the two profiles side by side show where Watchword's journey
     * spends what the floor's does not.
     */
    AsyncProfile floor() {
        AsyncProfile p = new AsyncProfile(server, file == null ? null : file.resolveSibling(file.getFileName() + ".floor"));
        p.agent = agent;
        return p;
    }

    void start() throws Exception {
        if (file == null || server.isEmpty()) {
            return;
        }
        if (agent == null) {
            agent = extractAgent();
        }
        agent("start,event=cpu,interval=1ms");
        running = true;
    }

    void stop() throws Exception {
        if (running) {
            agent("stop");
            agent("dump,collapsed,file=" + file);
        }
    }

    void printSummary() throws IOException {
        if (running) {
            summarise(file, Integer.getInteger("bench.profile.top", 30));
        }
    }

    private void agent(String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(server.orElseThrow().pid()),
                "JVMTI.agent_load", agent.toString(), '"' + command + '"').redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !out.contains("return code: 0")) {
            throw new IllegalStateException("async-profiler '" + command + "' failed: " + out.strip());
        }
    }

    private static Path extractAgent() throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
        String resource = arch + "/libasyncProfiler.so";
        try (InputStream in = AsyncProfile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: run through `mvn -Pbench verify`");
            }
            Path lib = Files.createTempFile("asyncProfiler", ".so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            lib.toFile().deleteOnExit();
            return lib;
        }
    }

    /** {@code java io.watchword.bench.AsyncProfile collapsed.txt [n]}: the summary of a saved profile. */
    public static void main(String[] args) throws IOException {
        summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 30);
    }

    static void summarise(Path collapsed, int top) throws IOException {
        Map<String, Long> byComponent = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            total += n;
            byComponent.merge(component(frames), n, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String f : frames) {
                if (f.startsWith("io/watchword/") && !f.contains("$Proxy$") && !f.contains("$$$view")
                        && !f.contains("$$Lambda") && seen.add(f)) {
                    inclusive.merge(f.replace('/', '.'), n, Long::sum);
                }
            }
        }
        System.out.printf("%n=== async-profiler %s: %,d CPU samples (1 ms) ===%n", collapsed, total);
        System.out.println("-- by component (deepest frame of a known component; JDK frames count for their caller)");
        print(byComponent, total, byComponent.size());
        System.out.println("-- Watchword methods, inclusive");
        print(inclusive, total, top);
    }

    private static String component(String[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            for (Map.Entry<String, Pattern> c : COMPONENTS.entrySet()) {
                if (c.getValue().matcher(frames[i]).find()) {
                    return c.getKey();
                }
            }
        }
        return "other (JVM, kernel)";
    }

    private static void print(Map<String, Long> counts, long total, int n) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        rows.stream().limit(n).forEach(e -> System.out.printf("%7.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
