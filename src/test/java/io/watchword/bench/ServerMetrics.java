package io.watchword.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Counters read from the server's Prometheus text ({@code GET /api/admin/metrics}, contract §9).
 * Which connections a send tried only the server knows: to the driver a journey that failed
 * over is just a slower one. Counters are per node, so against a cluster ({@code bench.url})
 * this reads the node that answers.
 */
final class ServerMetrics {

    static final String DELIVERY_FAILURES = "watchword_delivery_failures_total";

    private ServerMetrics() {
    }

    /**
     * The sum of {@code watchword_delivery_failures_total} over every series (provider, reason)
     * of {@code connection}; NaN, with the reason printed, when the server does not tell.
     */
    static double deliveryFailures(String base, String connection) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/admin/metrics"))
                            .header("Authorization", Benchmark.adminAuthorization())
                            .header("Accept", "text/plain")
                            .timeout(Duration.ofSeconds(30))
                            .GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                System.out.println("GET /api/admin/metrics answered " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(200, r.body().length())));
                return Double.NaN;
            }
            return sum(r.body(), DELIVERY_FAILURES, "connection", connection);
        } catch (IOException e) {
            System.out.println("GET /api/admin/metrics failed: " + e);
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The sum of the samples of {@code metric} whose label {@code label} is {@code value}. */
    static double sum(String exposition, String metric, String label, String value) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue; // comments, other metrics, and a sample without labels has no connection
            }
            Sample s = sample(line, metric.length() + 1);
            if (s != null && value.equals(s.labels().get(label))) {
                total += s.value();
            }
        }
        return total;
    }

    private record Sample(Map<String, String> labels, double value) {
    }

    /**
     * One sample line, {@code name{a="x",b="y"} 3.0 [timestamp]}, from just after the brace;
     * null when it is not well formed. Values are unescaped ({@code \\}, {@code \"}, {@code \n}),
     * so a quote or comma inside a value (a reason) cannot be taken for a label.
     */
    private static Sample sample(String line, int i) {
        Map<String, String> labels = new HashMap<>();
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return null;
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    v.append(next == 'n' ? '\n' : next);
                } else {
                    v.append(c);
                }
            }
            if (j >= line.length()) {
                return null;
            }
            labels.put(line.substring(i, eq).strip(), v.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        if (i >= line.length()) {
            return null;
        }
        try {
            return new Sample(labels, Double.parseDouble(line.substring(i + 1).strip().split("\\s+")[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
