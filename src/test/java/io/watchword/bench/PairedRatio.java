package io.watchword.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * Watchword's journey and the floor journey measured in alternating slices (W F, F W, W F …),
 * both warm and on the same server, so that the machine's drift — on a shared 2-core machine
 * the same run moves by ±20 % from minute to minute — falls on both sides alike. The separate
 * phases before it measure one side a minute or more after the other; their ratio carries that
 * drift, this one mostly not. {@code bench.pairs} rounds (default 4, 0 skips it) of
 * {@code bench.pair-seconds} (default 10) per side.
 */
final class PairedRatio {

    private final int rounds = Integer.getInteger("bench.pairs", 4);
    private final Duration slice = Duration.ofSeconds(Integer.getInteger("bench.pair-seconds", 10));

    boolean enabled() {
        return rounds > 0 && !slice.isZero();
    }

    /** Runs the rounds; returns the report's lines. */
    String run(LoadDriver driver, Optional<ProcessHandle> java) throws InterruptedException {
        double[] cpu = new double[2];
        long[] journeys = new long[2];
        double[] seconds = new double[2];
        long errors = 0;
        System.out.printf("Paired: %d rounds of %d s per side, alternating%n", rounds, slice.toSeconds());
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 2; k++) {
                int side = i % 2 == 0 ? k : 1 - k; // 0 = Watchword, 1 = floor
                double c0 = cpuSeconds(java);
                LoadDriver.Phase p = side == 0 ? driver.journeys(slice) : driver.floor(slice);
                cpu[side] += cpuSeconds(java) - c0;
                journeys[side] += p.journeys();
                seconds[side] += p.seconds();
                errors += p.errors();
            }
        }
        double wwCpu = 1000 * cpu[0] / Math.max(1, journeys[0]);
        double floorCpu = 1000 * cpu[1] / Math.max(1, journeys[1]);
        double wwRate = journeys[0] / seconds[0];
        double floorRate = journeys[1] / seconds[1];
        return String.format("paired            %d × %d s per side, %d errors: Watchword %.1f journeys/s at %.2f ms,"
                + " floor %.1f journeys/s at %.2f ms%n", rounds, slice.toSeconds(), errors, wwRate, wwCpu, floorRate, floorCpu)
                + String.format("paired ratios     server CPU per journey %.2f × the floor's; journeys/s %.1f %% of the floor's%n",
                wwCpu / Math.max(0.001, floorCpu), 100 * wwRate / Math.max(0.001, floorRate));
    }

    private static double cpuSeconds(Optional<ProcessHandle> java) {
        return java.map(p -> ProcessStats.cpuSeconds(p.pid())).orElse(-1.0);
    }
}
