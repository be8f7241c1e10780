package io.watchword.channel.provider;

import io.watchword.channel.DeliveryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sends a provider's HTTP requests with the connection's {@code timeoutMillis} as both connect
 * timeout and request timeout, and turns every failure into {@code provider_error}.
 *
 * <p>An {@link HttpClient} owns a connection pool and threads, so one is kept per connect
 * timeout (a handful of values in practice) and shared by every send. Failure reasons name the
 * kind of failure only: exception messages may quote request data, and the request carries
 * credentials.
 */
public final class HttpTransport {

    /** Bodies quoted in reasons and provider statuses are cut to this many characters. */
    public static final int EXCERPT = 200;
    private static final int MAX_CLIENTS = 16;
    /**
     * Clients per timeout. One client's request timers and connection pool sit behind locks of
     * their own, and with every send of the server going through one client those locks were
     * contended under load; threads are spread over a few clients instead.
     */
    private static final int STRIPES = 4;

    private final String provider;
    private final HttpClient.Version version;
    private final ConcurrentMap<Integer, HttpClient> clients = new ConcurrentHashMap<>();

    public HttpTransport(String provider, HttpClient.Version version) {
        this.provider = provider;
        this.version = version;
    }

    /**
     * Sends {@code request}; any answer, 2xx or not, is returned. Connection failures and
     * timeouts throw {@code provider_error}.
     */
    public HttpResponse<String> send(HttpRequest.Builder request, int timeoutMillis)
            throws DeliveryException {
        HttpRequest built;
        try {
            built = request.timeout(Duration.ofMillis(timeoutMillis)).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw DeliveryException.provider(provider, null, "invalid request (check the connection's headers)");
        }
        try {
            return client(timeoutMillis).send(built, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw DeliveryException.provider(provider, null, "connect timeout after " + timeoutMillis + " ms");
        } catch (HttpTimeoutException e) {
            throw DeliveryException.provider(provider, null, "no answer within " + timeoutMillis + " ms");
        } catch (ConnectException e) {
            throw DeliveryException.provider(provider, null, "connection refused or unreachable");
        } catch (IOException e) {
            throw DeliveryException.provider(provider, null, "I/O error (" + e.getClass().getSimpleName() + ")");
        } catch (UnresolvedAddressException e) {
            throw DeliveryException.provider(provider, null, "unknown host");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.provider(provider, null, "interrupted");
        } catch (IllegalArgumentException e) {
            throw DeliveryException.provider(provider, null, "invalid request");
        }
    }

    private HttpClient client(int timeoutMillis) {
        int key = timeoutMillis * STRIPES + (int) (Thread.currentThread().getId() % STRIPES);
        HttpClient client = clients.get(key);
        if (client != null) {
            return client;
        }
        if (clients.size() >= MAX_CLIENTS * STRIPES) {
            // Unusual: many distinct timeouts. Build a one-off client rather than grow forever.
            return newClient(timeoutMillis);
        }
        return clients.computeIfAbsent(key, k -> newClient(timeoutMillis));
    }

    private HttpClient newClient(int timeoutMillis) {
        return HttpClient.newBuilder()
                .version(version)
                .connectTimeout(Duration.ofMillis(timeoutMillis))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A short, single-line excerpt of a response body with every secret value blanked out, for
     * reasons and provider statuses (a provider may echo the request back).
     */
    public static String excerpt(String body, Collection<String> secrets) {
        if (body == null) {
            return "";
        }
        String s = body;
        for (String secret : secrets) {
            if (secret == null) {
                continue;
            }
            // The whole value, then its parts: "Bearer abc" may come back as "abc".
            s = redact(s, secret);
            for (String part : secret.split("[\\s:]+")) {
                s = redact(s, part);
            }
        }
        s = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return s.length() > EXCERPT ? s.substring(0, EXCERPT) + "…" : s;
    }

    private static String redact(String text, String secret) {
        return secret.length() >= 6 ? text.replace(secret, "***") : text;
    }

    public static boolean isSuccess(HttpResponse<?> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }
}
