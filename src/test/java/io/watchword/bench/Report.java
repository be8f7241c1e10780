package io.watchword.bench;

/** The benchmark's printout. */
final class Report {

    private Report() {
    }

    static void print(BenchConfig cfg, LoadDriver.Phase warm, LoadDriver.Phase run, LoadDriver.Phase trivial,
                      String loadBefore, String loadAfter, long hwmKb, long peakRssKb,
                      double serverCpu, double driverCpu, double trivialCpu, long smsReceived,
                      double failedOver, long hangReceived, LoadDriver.Phase floor, double floorCpu) {
        System.out.println();
        System.out.println("=== Watchword benchmark ===");
        System.out.printf("target            %s%s%n", cfg.baseUrl(), cfg.url() == null ? " (started by the benchmark)" : "");
        System.out.printf("settings          clients=%d warmup=%ds duration=%ds trivial=%ds prefill=%,d"
                        + " provider-latency=%dms hanging-share=%s cpus=%d%n",
                cfg.clients(), cfg.warmup().toSeconds(), cfg.duration().toSeconds(), cfg.trivialDuration().toSeconds(),
                cfg.prefill(), cfg.providerLatency().toMillis(), cfg.hangingShare(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("load average      before %s, after %s%n", loadBefore, loadAfter);
        System.out.printf("warm-up           %,d journeys (%.0f/s), %d errors%n",
                warm.journeys(), warm.journeysPerSecond(), warm.errors());
        System.out.printf("journeys          %,d in %.1f s = %.1f journeys/s%n", run.journeys(), run.seconds(),
                run.journeysPerSecond());
        System.out.printf("requests          %,d = %.1f requests/s%n", run.requests(), run.requestsPerSecond());
        for (LoadDriver.Kind k : new LoadDriver.Kind[] {LoadDriver.Kind.START, LoadDriver.Kind.FORM, LoadDriver.Kind.VERIFY}) {
            Latencies l = run.byKind().get(k.ordinal());
            System.out.printf("  %-7s %,9d  %s%n", k.name().toLowerCase(), l.count(), l.summary());
        }
        System.out.printf("errors            %d%s%n", run.errors() + warm.errors(),
                run.errorSamples().isEmpty() ? "" : " e.g. " + run.errorSamples());
        System.out.printf("SMS sent to sink  %,d%n", smsReceived);
        // The server's count (failures of the hanging connection in the measured phase), beside
        // how many journeys the driver completed the failover way: they differ when a failover
        // journey ended in an error (its failure is counted, the journey is not), or when the
        // server skipped the hanging connection (breaker open) without counting a failure.
        System.out.printf("failed over       %s journeys (%s failures of %s; %,d journeys ran %s)%n",
                Double.isNaN(failedOver) ? "n/a" : String.format("%,.0f", failedOver),
                ServerMetrics.DELIVERY_FAILURES, Benchmark.HANG_CONNECTION, run.failoverJourneys(),
                Benchmark.FAILOVER_JOURNEY);
        System.out.printf("hang sink         %,d requests received in the measured phase%n", hangReceived);
        if (serverCpu >= 0) {
            System.out.printf("server CPU        %.1f s = %.2f cores, %.2f ms per journey%n", serverCpu,
                    serverCpu / run.seconds(), 1000 * serverCpu / Math.max(1, run.journeys()));
        }
        System.out.printf("driver CPU        %.1f s = %.2f cores%n", driverCpu, driverCpu / run.seconds());
        System.out.printf("server RSS        peak (VmHWM) %s, max sampled VmRSS %s (start to end of the journeys)%n",
                mb(hwmKb), mb(peakRssKb));
        if (floor != null) {
            // The same three requests doing only what any passcode journey must (floor.war).
            System.out.printf("floor journey     %,d in %.1f s = %.1f journeys/s, %d errors%s%n", floor.journeys(),
                    floor.seconds(), floor.journeysPerSecond(), floor.errors(),
                    floor.errorSamples().isEmpty() ? "" : " e.g. " + floor.errorSamples());
            for (LoadDriver.Kind k : new LoadDriver.Kind[] {LoadDriver.Kind.START, LoadDriver.Kind.FORM, LoadDriver.Kind.VERIFY}) {
                System.out.printf("  %-7s %,9d  %s%n", k.name().toLowerCase(), floor.byKind().get(k.ordinal()).count(),
                        floor.byKind().get(k.ordinal()).summary());
            }
            if (floorCpu >= 0) {
                System.out.printf("floor server CPU  %.2f ms per floor journey%n", 1000 * floorCpu / Math.max(1, floor.journeys()));
            }
            System.out.printf("journeys / floor  %.1f %% of the floor's journeys/s%n",
                    100 * run.journeysPerSecond() / Math.max(0.001, floor.journeysPerSecond()));
        }
        Latencies t = trivial.byKind().get(LoadDriver.Kind.TRIVIAL.ordinal());
        System.out.printf("trivial           GET /api/.well-known/jwks.json: %.1f requests/s, %d errors, %s%n",
                trivial.requestsPerSecond(), trivial.errors(), t.summary());
        System.out.printf("ratio             trivial req/s / journeys/s = %.2f%n",
                trivial.requestsPerSecond() / Math.max(0.001, run.journeysPerSecond()));
        if (serverCpu >= 0 && trivialCpu >= 0) {
            // CPU per unit of work does not depend on how much CPU other processes left us.
            double perJourney = serverCpu / Math.max(1, run.journeys());
            double perTrivial = trivialCpu / Math.max(1, trivial.requests());
            System.out.printf("CPU ratio         server CPU per journey / per trivial request = %.2f ms / %.3f ms = %.1f%n",
                    1000 * perJourney, 1000 * perTrivial, perJourney / perTrivial);
        }
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format("%,d MB", kb / 1024);
    }
}
