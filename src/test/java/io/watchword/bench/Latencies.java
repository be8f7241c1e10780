package io.watchword.bench;

import java.util.Arrays;

/** Latencies of one request kind, recorded by one client thread, merged at the end. */
final class Latencies {

    private long[] nanos = new long[1 << 14];
    private int size;

    void add(long n) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = n;
    }

    int count() {
        return size;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    /** p50/p95/p99/max in milliseconds. */
    String summary() {
        if (size == 0) {
            return "no samples";
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return String.format("p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %7.1f ms",
                ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), sorted[size - 1] / 1e6);
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return size == 0 ? 0 : ms(sorted, p);
    }

    private static double ms(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }
}
