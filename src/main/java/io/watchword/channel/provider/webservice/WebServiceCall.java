package io.watchword.channel.provider.webservice;

import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderFields.Kind;
import io.watchword.channel.provider.HttpTransport;
import io.watchword.channel.provider.JsonSupport;
import io.watchword.channel.provider.Settings;
import io.watchword.channel.provider.SettingsCheck;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP call shared by {@code email_webservice} and {@code sms_webservice}: the admin's
 * URL, method and headers, the rendered {@code bodyTemplate}, and the {@code authorization}
 * secret as the {@code Authorization} header, set after the configured headers so it wins.
 * Any 2xx is success.
 */
final class WebServiceCall {

    static final String AUTHORIZATION = "authorization";
    static final String DEFAULT_METHOD = "POST";

    /** The settings and secret both web services share; each adds its own after them. */
    static final ProviderFields FIELDS = ProviderFields.builder()
            .required("url", Kind.URL)
            .choice("method", Kind.METHOD, SettingsCheck.METHODS, DEFAULT_METHOD)
            .optional("headers", Kind.HEADERS)
            .required("bodyTemplate", Kind.TEMPLATE)
            .optional("timeoutMillis", Kind.MILLIS, String.valueOf(Settings.DEFAULT_TIMEOUT_MILLIS))
            .secret(AUTHORIZATION, false)
            .build();

    private final String provider;
    private final HttpTransport transport;

    WebServiceCall(String provider) {
        this.provider = provider;
        this.transport = new HttpTransport(provider, HttpClient.Version.HTTP_1_1);
    }

    /** The rule both web-service providers add to their fields'. */
    static void checkAuthorization(SettingsCheck check, Map<String, String> secrets) {
        String authorization = secrets == null ? null : secrets.get(AUTHORIZATION);
        if (authorization != null && authorization.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            // It becomes the Authorization header: a line break would add headers of its own.
            check.error("secrets." + AUTHORIZATION, "must not contain line breaks");
        }
    }

    DeliveryResult call(JsonObject settings, Map<String, String> secrets, Map<String, String> values)
            throws DeliveryException {
        String url = Settings.required(settings, "url", provider);
        String template = settings.getString("bodyTemplate", null);
        if (template == null) {
            throw DeliveryException.provider(provider, null, "connection setting bodyTemplate is missing");
        }
        Map<String, String> headers = Settings.headers(settings);
        String contentType = headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        String body = BodyTemplate.render(template, values, contentType);

        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw DeliveryException.provider(provider, null, "connection setting url is not a URL");
        }
        request.method(Settings.text(settings, "method", DEFAULT_METHOD).toUpperCase(Locale.ROOT),
                HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        String authorization = secrets.get(AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            request.setHeader("Authorization", authorization);
        }

        HttpResponse<String> response = transport.send(request, Settings.timeoutMillis(settings));
        String excerpt = HttpTransport.excerpt(response.body(), secrets.values());
        if (!HttpTransport.isSuccess(response)) {
            throw DeliveryException.provider(provider, response.statusCode(), "HTTP " + response.statusCode(), excerpt);
        }
        return new DeliveryResult(JsonSupport.objectBuilder()
                .add("status", response.statusCode())
                .add("body", excerpt)
                .build());
    }
}
