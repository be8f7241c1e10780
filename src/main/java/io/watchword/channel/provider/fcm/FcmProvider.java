package io.watchword.channel.provider.fcm;

import io.watchword.platform.Urls;
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
import io.watchword.channel.provider.SettingsCheck;
import io.watchword.platform.Jws;
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
import java.security.InvalidKeyException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Push through Firebase Cloud Messaging's HTTP v1 API
 * ({@code POST /v1/projects/{projectId}/messages:send}) with an OAuth2 access token of the
 * connection's service account (see {@link GoogleAccessTokens}). An answer whose
 * {@code error.details[].errorCode} is {@code UNREGISTERED} means the registration token is
 * dead: the failure's reason is {@code unregistered} so the caller deactivates it. A 401 drops
 * the cached access token so the next send gets a fresh one.
 */
@ApplicationScoped
@ProviderKind(FcmProvider.NAME)
public class FcmProvider implements MessageProvider {

    public static final String NAME = "fcm";
    public static final String DEFAULT_BASE_URL = "https://fcm.googleapis.com";
    public static final String UNREGISTERED = "unregistered";
    static final String SERVICE_ACCOUNT = "serviceAccountJson";

    private final HttpTransport transport = new HttpTransport(NAME, HttpClient.Version.HTTP_2);
    private final GoogleAccessTokens accessTokens;

    public FcmProvider() {
        this(Clock.systemUTC());
    }

    FcmProvider(Clock clock) {
        this.accessTokens = new GoogleAccessTokens(NAME, clock);
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.PUSH);
    }


    static final ProviderFields FIELDS = ProviderFields.builder()
            .required("projectId", Kind.IDENTIFIER)
            .optional("baseUrl", Kind.URL, DEFAULT_BASE_URL)
            .optional("tokenUri", Kind.URL)
            .optional("timeoutMillis", Kind.MILLIS, String.valueOf(Settings.DEFAULT_TIMEOUT_MILLIS))
            .multilineSecret(SERVICE_ACCOUNT, true)
            .build();

    @Override
    public ProviderFields fields() {
        return FIELDS;
    }

    @Override
    public void checkMore(SettingsCheck check, JsonObject settings, Map<String, String> secrets) {
        String json = secrets == null ? null : secrets.get(SERVICE_ACCOUNT);
        if (json != null && !json.isBlank()) {
            Optional<ServiceAccount> account = ServiceAccount.parse(json);
            String field = "secrets." + SERVICE_ACCOUNT;
            if (account.isEmpty()) {
                check.error(field, "must be a service account key (JSON with client_email and private_key)");
            } else {
                try {
                    Jws.rsaPrivateKey(account.get().privateKeyPem());
                } catch (InvalidKeyException e) {
                    check.error(field, "private_key is not an RSA private key in PKCS#8 PEM form");
                }
                if (account.get().tokenUri() != null && !SettingsCheck.isHttpUrl(account.get().tokenUri())) {
                    check.error(field, "token_uri must be an http or https URL");
                }
            }
        }
    }

    /** The settings' URLs, and the token_uri inside the service account key, which is an endpoint too. */
    @Override
    public Map<String, String> endpoints(JsonObject settings, Map<String, String> secrets) {
        Map<String, String> m = new java.util.LinkedHashMap<>(MessageProvider.super.endpoints(settings, secrets));
        String json = secrets == null ? null : secrets.get(SERVICE_ACCOUNT);
        if (json != null && (settings == null || !settings.containsKey("tokenUri"))) {
            ServiceAccount.parse(json).map(ServiceAccount::tokenUri)
                    .ifPresent(u -> m.put("secrets." + SERVICE_ACCOUNT, u));
        }
        return m;
    }

    @Override
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        JsonObject settings = connection.settings();
        String registrationToken = message.recipients().isEmpty() ? "" : message.recipients().get(0).strip();
        if (registrationToken.isEmpty()) {
            throw DeliveryException.invalidRecipient("no FCM registration token");
        }
        String projectId = Settings.required(settings, "projectId", NAME);
        ServiceAccount account = ServiceAccount.parse(connection.secret(SERVICE_ACCOUNT)).orElseThrow(() ->
                DeliveryException.provider(NAME, null, "the connection's serviceAccountJson is not a service account key"));
        String tokenUri = Settings.text(settings, "tokenUri",
                account.tokenUri() == null ? ServiceAccount.DEFAULT_TOKEN_URI : account.tokenUri());
        int timeoutMillis = Settings.timeoutMillis(settings);
        String cacheKey = connection.name() + '|' + account.clientEmail() + '|' + tokenUri
                + '|' + Jws.fingerprint(account.privateKeyPem());
        String accessToken = accessTokens.get(cacheKey, account, tokenUri, timeoutMillis);

        String base = Settings.text(settings, "baseUrl", DEFAULT_BASE_URL);
        String url = Urls.withoutTrailingSlash(base)
                + "/v1/projects/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8) + "/messages:send";
        String body = JsonSupport.objectBuilder().add("message", JsonSupport.objectBuilder()
                .add("token", registrationToken)
                .add("notification", JsonSupport.objectBuilder()
                        .add("title", message.subject() == null ? "" : message.subject())
                        .add("body", message.text() == null ? "" : message.text())))
                .build().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (url.startsWith("http:")) {
            request.version(HttpClient.Version.HTTP_1_1);
        }

        HttpResponse<String> response = transport.send(request, timeoutMillis);
        JsonObject json = JsonSupport.parseObject(response.body()).orElse(JsonValue.EMPTY_JSON_OBJECT);
        if (HttpTransport.isSuccess(response)) {
            return new DeliveryResult(JsonSupport.objectBuilder()
                    .add("status", response.statusCode())
                    .add("name", json.get("name") instanceof JsonString s ? s.getString() : "")
                    .build());
        }
        if (response.statusCode() == 401) {
            accessTokens.evict(cacheKey, accessToken);
        }
        FcmError error = FcmError.of(json);
        if (error.unregistered()) {
            throw DeliveryException.provider(NAME, response.statusCode(), UNREGISTERED);
        }
        throw DeliveryException.provider(NAME, response.statusCode(), error.code(response.statusCode()),
                HttpTransport.excerpt(error.describe(response.statusCode()), List.of(accessToken)));
    }
}
