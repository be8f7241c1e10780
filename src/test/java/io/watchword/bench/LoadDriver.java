package io.watchword.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * C client threads, each running complete journeys one after the other, as fast as the server
 * answers (closed loop): start → form (a phone number never used before) → passcode read from
 * the SMS sink → journey_success. Latencies are recorded per request kind, only while
 * {@link #measuring} is set. A given share of the journeys runs the failover journey instead
 * (its first connection hangs), the others the plain one.
 */
final class LoadDriver {

    enum Kind { START, FORM, VERIFY, TRIVIAL }

    /** What one phase produced; {@code failoverJourneys}: of {@code journeys}, those on the failover journey. */
    record Phase(long journeys, long failoverJourneys, long requests, long errors, double seconds,
                 List<Latencies> byKind, List<String> errorSamples) {
        double journeysPerSecond() { return journeys / seconds; }
        double requestsPerSecond() { return requests / seconds; }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String floorBase;
    private final String journeyId;
    private final String failoverJourneyId;
    private final double failoverShare;
    private final SmsSink sink;
    private final int clients;
    private final AtomicLong phones = new AtomicLong();
    private final AtomicLong journeyNumbers = new AtomicLong();
    private final String phonePrefix = "+4" + (100 + ThreadLocalRandom.current().nextInt(900));

    LoadDriver(String base, String journeyId, String failoverJourneyId, double failoverShare, SmsSink sink, int clients) {
        this.base = base;
        this.floorBase = base.substring(0, base.lastIndexOf('/') + 1) + io.watchword.bench.floor.FloorWar.CONTEXT;
        this.journeyId = journeyId;
        this.failoverJourneyId = failoverJourneyId;
        this.failoverShare = failoverShare;
        this.sink = sink;
        this.clients = clients;
    }

    /** What the clients of a phase do, one after the other. */
    enum Work { JOURNEY, FLOOR, TRIVIAL }

    Phase journeys(Duration length) throws InterruptedException {
        return run(length, Work.JOURNEY);
    }

    /** The floor journey of {@code floor.war} ({@code io.watchword.bench.floor}), at {@code floorBase}. */
    Phase floor(Duration length) throws InterruptedException {
        return run(length, Work.FLOOR);
    }

    Phase trivial(Duration length) throws InterruptedException {
        return run(length, Work.TRIVIAL);
    }

    /**
     * Whether the next journey is a failover one: the n-th is when n × share passes a whole
     * number, so exactly that share of the journeys started, spread evenly (0.1: every 10th),
     * the same in every run. Not by chance: a random pick would move the figures between runs.
     */
    private boolean nextIsFailover() {
        if (failoverShare <= 0) {
            return false;
        }
        long n = journeyNumbers.getAndIncrement();
        return Math.floor((n + 1) * failoverShare) > Math.floor(n * failoverShare);
    }

    private Phase run(Duration length, Work work) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(end, work, errors);
            all.add(c);
            Thread t = new Thread(c, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Latencies> byKind = new ArrayList<>();
        for (Kind k : Kind.values()) {
            Latencies merged = new Latencies();
            all.forEach(c -> merged.addAll(c.latencies[k.ordinal()]));
            byKind.add(merged);
        }
        long journeys = all.stream().mapToLong(c -> c.journeys).sum();
        long failoverJourneys = all.stream().mapToLong(c -> c.failoverJourneys).sum();
        long requests = all.stream().mapToLong(c -> c.requests).sum();
        long errorCount = all.stream().mapToLong(c -> c.errors).sum();
        return new Phase(journeys, failoverJourneys, requests, errorCount, seconds, byKind, errors.stream().limit(5).toList());
    }

    private final class Client implements Runnable {
        final long end;
        final Work work;
        final ConcurrentLinkedQueue<String> errorSamples;
        final Latencies[] latencies = new Latencies[Kind.values().length];
        long journeys;
        long failoverJourneys;
        long requests;
        long errors;

        Client(long end, Work work, ConcurrentLinkedQueue<String> errorSamples) {
            this.end = end;
            this.work = work;
            this.errorSamples = errorSamples;
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = new Latencies();
            }
        }

        @Override
        public void run() {
            while (System.nanoTime() < end) {
                try {
                    switch (work) {
                        case TRIVIAL -> call(Kind.TRIVIAL, HttpRequest.newBuilder(URI.create(base + "/api/.well-known/jwks.json")).GET(),
                                "\"keys\"");
                        case JOURNEY -> {
                            boolean failover = nextIsFailover();
                            journey(failover ? failoverJourneyId : journeyId);
                            journeys++;
                            if (failover) {
                                failoverJourneys++;
                            }
                        }
                        case FLOOR -> {
                            floorJourney();
                            journeys++;
                        }
                    }
                } catch (Exception e) {
                    errors++;
                    if (errorSamples.size() < 20) {
                        errorSamples.add(String.valueOf(e.getMessage()));
                    }
                }
            }
        }

        private void journey(String id) throws Exception {
            String started = call(Kind.START, post("/api/journeys/" + id + "/start", null, null),
                    "\"journeyStepId\":\"identify\"");
            String flow = Json.field(started, "flowId");
            String phone = phonePrefix + String.format("%09d", phones.incrementAndGet());
            String otp = call(Kind.FORM, post("/api/flows/" + flow + "/responses",
                            Json.field(started, "interactionToken"),
                            "{\"option\":\"client_input\",\"data\":{\"phone\":\"" + phone + "\"}}"),
                    "\"journeyStepId\":\"genericOTPAuthentication\"");
            String code = sink.take(phone);
            if (code == null) {
                throw new IllegalStateException("no SMS reached the sink for " + phone);
            }
            call(Kind.VERIFY, post("/api/flows/" + flow + "/responses", Json.field(otp, "interactionToken"),
                    "{\"option\":\"client_input\",\"data\":{\"passcode\":\"" + code + "\"}}"),
                    "\"type\":\"journey_success\"");
        }

        private void floorJourney() throws Exception {
            String started = call(Kind.START, post(floorBase, "/api/floor/start", null, null), "\"flowId\"");
            String flow = Json.field(started, "flowId");
            String phone = phonePrefix + String.format("%09d", phones.incrementAndGet());
            call(Kind.FORM, post(floorBase, "/api/floor/" + flow + "/form", null,
                    "{\"phone\":\"" + phone + "\",\"sink\":\"" + sink.url() + "\"}"), "\"otp\"");
            String code = sink.take(phone);
            if (code == null) {
                throw new IllegalStateException("no SMS reached the sink for " + phone);
            }
            call(Kind.VERIFY, post(floorBase, "/api/floor/" + flow + "/verify", null,
                    "{\"passcode\":\"" + code + "\"}"), "\"type\":\"journey_success\"");
        }

        private HttpRequest.Builder post(String path, String token, String body) {
            return post(base, path, token, body);
        }

        private HttpRequest.Builder post(String root, String path, String token, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            return b.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }

        /** Sends, times, and checks the answer is a 200 holding {@code expect}. */
        private String call(Kind kind, HttpRequest.Builder request, String expect) throws Exception {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            latencies[kind.ordinal()].add(System.nanoTime() - t);
            requests++;
            if (r.statusCode() != 200 || !r.body().contains(expect)) {
                throw new IllegalStateException(kind + " answered " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return r.body();
        }
    }
}
