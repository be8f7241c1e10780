package io.watchword.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMS provider of the benchmark: an HTTP endpoint the {@code sms_webservice} connection
 * posts to. It keeps the last passcode per phone number, which is how the load driver learns
 * the code, just as a user reads it from their phone. Body: {@code {"to":"…","text":"…"}}.
 * {@code /sms} answers after the provider latency ({@code bench.provider-latency}); {@code /hang}
 * is a provider that takes the request and never answers.
 */
final class SmsSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    // A delayed answer is a timer task, not a thread sleeping per send: the sink then takes any
    // number of sends at once, so the latency limits the server's throughput only through its
    // own concurrency (256 clients at 300 ms: ≈ 850 sends/s), never through the sink's threads.
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final long latencyMillis;
    private final ConcurrentMap<String, String> codes = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final Queue<HttpExchange> hanging = new ConcurrentLinkedQueue<>();
    private final AtomicLong hangReceived = new AtomicLong();

    SmsSink(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        // Without TCP_NODELAY the JDK server writes the response headers and body as two small
        // segments, and the second waits for the client's delayed ACK: ~40 ms added to every
        // send, which the benchmark would have charged to the form request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK server closes a kept-alive connection at once when 200 are already idle; with
        // hundreds of sends in flight the server's client would then reuse a connection that is
        // being closed under it, and a POST is not retried. Many more than the clients ever open.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/sms", this::handle);
        server.createContext("/hang", this::hang);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    /** The provider that never answers. */
    String hangUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hang";
    }

    /** The passcode last sent to {@code phone}, removed so it is read once; null if none came. */
    String take(String phone) {
        return codes.remove(phone);
    }

    long received() {
        return received.get();
    }

    /** Requests {@code /hang} has taken (and not answered). */
    long hangReceived() {
        return hangReceived.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = read(exchange);
        String to = Json.field(body, "to");
        String code = digits(Json.field(body, "text"));
        if (latencyMillis == 0) {
            answer(exchange, to, code);
            return;
        }
        answers.schedule(() -> {
            try {
                answer(exchange, to, code);
            } catch (IOException e) {
                exchange.close(); // the server gave up waiting; free the connection
            }
        }, latencyMillis, TimeUnit.MILLISECONDS);
    }

    /** The passcode counts as delivered when the provider answers, as a real one would accept it. */
    private void answer(HttpExchange exchange, String to, String code) throws IOException {
        int status = to != null && code != null ? 200 : 400;
        if (status == 200) {
            codes.put(to, code);
            received.incrementAndGet();
        }
        byte[] answer = "{\"status\":\"queued\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /**
     * Reads the request and returns without answering. The JDK server leaves an unanswered
     * exchange's connection open (it has no request or response time-outs by default), so the
     * caller waits until its own time-out; the exchanges are kept to be closed with the sink.
     * No passcode is kept: nothing was delivered.
     */
    private void hang(HttpExchange exchange) throws IOException {
        read(exchange);
        hangReceived.incrementAndGet();
        hanging.add(exchange);
    }

    private static String read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The first run of 4–10 digits in the message text: the passcode. */
    private static String digits(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            int j = i;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            if (j - i >= 4) {
                return text.substring(i, j);
            }
            i = j;
        }
        return null;
    }

    @Override
    public void close() {
        for (HttpExchange e; (e = hanging.poll()) != null; ) {
            e.close(); // unanswered: closes the connection without a response
        }
        answers.shutdownNow();
        server.stop(0);
        pool.shutdownNow();
    }
}
