package io.watchword.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMS provider of the benchmark: an HTTP endpoint the {@code sms_webservice} connection
 * posts to. It keeps the last passcode per phone number, which is how the load driver learns
 * the code, just as a user reads it from their phone. Body: {@code {"to":"…","text":"…"}}.
 */
final class SmsSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ConcurrentMap<String, String> codes = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();

    SmsSink() throws IOException {
        // Without TCP_NODELAY the JDK server writes the response headers and body as two small
        // segments, and the second waits for the client's delayed ACK: ~40 ms added to every
        // send, which the benchmark would have charged to the form request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/sms", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    /** The passcode last sent to {@code phone}, removed so it is read once; null if none came. */
    String take(String phone) {
        return codes.remove(phone);
    }

    long received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String to = Json.field(body, "to");
        String code = digits(Json.field(body, "text"));
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
        server.stop(0);
        pool.shutdownNow();
    }
}
