package io.watchword.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Optional profile of the measured phase ({@code -Dbench.jfr=target/bench.jfr}): a JFR recording
 * started and stopped in the server with jcmd, then the hottest methods by execution samples —
 * by the sampled frame itself (self) and by any frame on the stack (total).
 */
final class Jfr {

    private final Optional<ProcessHandle> server;
    private final Path file;

    Jfr(Optional<ProcessHandle> server, Path file) {
        this.server = server;
        this.file = file;
    }

    void start() throws Exception {
        if (file != null && server.isPresent()) {
            jcmd("JFR.start", "name=bench", "settings=profile");
        }
    }

    void stop() throws Exception {
        if (file != null && server.isPresent()) {
            jcmd("JFR.stop", "name=bench", "filename=" + file);
        }
    }

    private void jcmd(String... command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new java.util.ArrayList<>(List.of(jcmd.toString(), String.valueOf(server.get().pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
    }

    void printTop() throws Exception {
        if (file != null && server.isPresent()) {
            top(file, Integer.getInteger("bench.jfr.top", 30));
        }
    }

    static void top(Path file, int n) throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0)), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f);
                if (seen.add(m)) {
                    total.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%n=== JFR %s: %,d execution samples ===%n", file, samples);
        print("self (top frame)", self, samples, n);
        print("total (on the stack), io.watchword and persistence", filter(total), samples, n);
    }

    private static Map<String, Integer> filter(Map<String, Integer> total) {
        Map<String, Integer> m = new HashMap<>();
        total.forEach((k, v) -> {
            if (k.startsWith("io.watchword") || k.startsWith("org.hibernate") || k.startsWith("org.h2")
                    || k.startsWith("org.eclipse.parsson") || k.startsWith("org.glassfish.expressly")
                    || k.startsWith("jakarta.json") || k.startsWith("org.jboss.resteasy") || k.startsWith("java.net.http")
                    || k.startsWith("org.jboss.as.ejb3") || k.startsWith("org.jboss.weld") || k.startsWith("javax.crypto")
                    || k.startsWith("sun.security")) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int n) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> System.out.printf("%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** {@code java io.watchword.bench.Jfr file.jfr [n]}: the same summary for a saved recording. */
    public static void main(String[] args) throws Exception {
        top(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 30);
    }
}
