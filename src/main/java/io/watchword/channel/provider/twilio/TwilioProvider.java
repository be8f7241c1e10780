package io.watchword.channel.provider.twilio;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderFields.Kind;
import io.watchword.channel.ProviderKind;
import io.watchword.channel.provider.HttpTransport;
import io.watchword.channel.provider.JsonSupport;
import io.watchword.channel.provider.Settings;
import io.watchword.platform.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SMS through Twilio's Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json},
 * form-encoded, HTTP Basic {@code accountSid:authToken}). The sender is the step's
 * {@code from}, else the connection's {@code from}; without either the connection's
 * {@code messagingServiceSid} lets Twilio pick one. Twilio's error JSON
 * ({@code code}, {@code message}) becomes the failure reason.
 */
@ApplicationScoped
@ProviderKind(TwilioProvider.NAME)
public class TwilioProvider implements MessageProvider {

    public static final String NAME = "twilio";
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    static final String AUTH_TOKEN = "authToken";

    private final HttpTransport transport = new HttpTransport(NAME, HttpClient.Version.HTTP_2);

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.SMS);
    }


    static final ProviderFields FIELDS = ProviderFields.builder()
            .required("accountSid", Kind.IDENTIFIER)
            .requiredUnless("from", Kind.TEXT, "messagingServiceSid")
            .optional("messagingServiceSid", Kind.IDENTIFIER)
            .optional("baseUrl", Kind.URL, DEFAULT_BASE_URL)
            .optional("timeoutMillis", Kind.MILLIS, String.valueOf(Settings.DEFAULT_TIMEOUT_MILLIS))
            .secret(AUTH_TOKEN, true)
            .build();

    @Override
    public ProviderFields fields() {
        return FIELDS;
    }

    @Override
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        JsonObject settings = connection.settings();
        if (message.recipients().isEmpty() || message.recipients().get(0).isBlank()) {
            throw DeliveryException.invalidRecipient("no recipient");
        }
        String accountSid = Settings.required(settings, "accountSid", NAME);
        String authToken = connection.secret(AUTH_TOKEN);
        if (authToken == null || authToken.isBlank()) {
            throw DeliveryException.provider(NAME, null, "connection secret authToken is missing");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", message.recipients().get(0));
        form.put("Body", message.text() == null ? "" : message.text());
        String from = message.from() != null && !message.from().isBlank()
                ? message.from() : Settings.text(settings, "from");
        if (from != null) {
            form.put("From", from);
        } else {
            form.put("MessagingServiceSid", Settings.required(settings, "messagingServiceSid", NAME));
        }

        String url = Urls.withoutTrailingSlash(Settings.text(settings, "baseUrl", DEFAULT_BASE_URL))
                + "/2010-04-01/Accounts/" + URLEncoder.encode(accountSid, StandardCharsets.UTF_8)
                + "/Messages.json";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        if (url.startsWith("http:")) {
            request.version(HttpClient.Version.HTTP_1_1);
        }

        HttpResponse<String> response = transport.send(request, Settings.timeoutMillis(settings));
        JsonObject json = JsonSupport.parseObject(response.body()).orElse(JsonValue.EMPTY_JSON_OBJECT);
        if (!HttpTransport.isSuccess(response)) {
            JsonValue code = json.get("code");
            throw DeliveryException.provider(NAME, response.statusCode(),
                    code != null && code.getValueType() == JsonValue.ValueType.NUMBER
                            ? "Twilio error " + code : "HTTP " + response.statusCode(),
                    errorReason(response, json, List.of(authToken)));
        }
        return new DeliveryResult(JsonSupport.objectBuilder()
                .add("sid", string(json, "sid"))
                .add("status", string(json, "status"))
                .build());
    }

    /** "Twilio error 21211: Invalid 'To' Phone Number", or the status and a body excerpt. */
    private static String errorReason(HttpResponse<String> response, JsonObject json, List<String> secrets) {
        String message = string(json, "message");
        JsonValue code = json.get("code");
        if (!message.isEmpty() || code != null && code.getValueType() == JsonValue.ValueType.NUMBER) {
            String prefix = code != null && code.getValueType() == JsonValue.ValueType.NUMBER
                    ? "Twilio error " + code + ": " : "Twilio error: ";
            return HttpTransport.excerpt(prefix + message, secrets);
        }
        String excerpt = HttpTransport.excerpt(response.body(), secrets);
        return excerpt.isEmpty() ? "HTTP " + response.statusCode() : "HTTP " + response.statusCode() + ": " + excerpt;
    }

    private static String string(JsonObject json, String key) {
        return json.get(key) instanceof JsonString s ? s.getString() : "";
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
