package io.watchword.channel.provider;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A provider's API in the test JVM: records every request and answers with what the test
 * scripted for its path (default 200 {}). Binds 127.0.0.1 only: on a free port for the plain
 * provider tests, or on a fixed one ({@code Deployments.port(base)}) for the server tests,
 * where the provider in WildFly must be told the URL before it runs.
 */
public final class FakeHttpServer implements AutoCloseable {

    public record Request(String method, String path, String query, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    public record Response(int status, String body, long delayMillis, Map<String, String> headers) {
        public static Response json(int status, String body) {
            return new Response(status, body, 0, Map.of("Content-Type", "application/json"));
        }

        public static Response slow(long delayMillis) {
            return new Response(200, "{}", delayMillis, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();

    public FakeHttpServer() throws IOException {
        this(0);
    }

    public FakeHttpServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                requests.add(r);
                Response answer = routes.getOrDefault(r.path(), x -> Response.json(200, "{}")).apply(r);
                if (answer.delayMillis() > 0) {
                    Thread.sleep(answer.delayMillis());
                }
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                answer.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public FakeHttpServer on(String path, Function<Request, Response> answer) {
        routes.put(path, answer);
        return this;
    }

    public FakeHttpServer on(String path, Response answer) {
        return on(path, r -> answer);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests and the scripted answers (a server shared by a test class). */
    public void reset() {
        requests.clear();
        routes.clear();
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
