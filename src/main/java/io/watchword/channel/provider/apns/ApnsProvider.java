package io.watchword.channel.provider.apns;

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
import io.watchword.channel.provider.TokenCache;
import io.watchword.platform.Jws;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Push through Apple's APNs with token-based authentication: an ES256 provider JWT
 * ({@code kid} = key id, {@code iss} = team id) signed with the {@code .p8} key, sent as
 * {@code authorization: bearer}. APNs rejects tokens older than an hour and answers
 * {@code TooManyProviderTokenUpdates} when a token is refreshed more often than every 20
 * minutes, so one is kept ~50 minutes per connection (and key). A 410, or a 400
 * {@code BadDeviceToken}/{@code Unregistered}, means the device token is dead: the failure's
 * reason is {@code unregistered} so the caller deactivates it.
 *
 * <p>Without {@code baseUrl}, {@code environment} picks the host: {@code sandbox} for
 * development builds, otherwise (the default) {@code production}.
 *
 * <p>APNs speaks HTTP/2 only; an {@code http://} {@code baseUrl} (a proxy, a test double) is
 * called with HTTP/1.1.
 */
@ApplicationScoped
@ProviderKind(ApnsProvider.NAME)
public class ApnsProvider implements MessageProvider {

    public static final String NAME = "apns";
    public static final String PRODUCTION_URL = "https://api.push.apple.com";
    public static final String SANDBOX_URL = "https://api.sandbox.push.apple.com";
    public static final String UNREGISTERED = "unregistered";
    static final String PRIVATE_KEY = "privateKey";
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(50);

    private final HttpTransport transport = new HttpTransport(NAME, HttpClient.Version.HTTP_2);
    private final TokenCache tokens;

    public ApnsProvider() {
        this(Clock.systemUTC());
    }

    ApnsProvider(Clock clock) {
        this.tokens = new TokenCache(clock);
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.PUSH);
    }

    static final ProviderFields FIELDS = ProviderFields.builder()
            .required("teamId", Kind.TEXT)
            .required("keyId", Kind.TEXT)
            .required("topic", Kind.TEXT)
            .choice("environment", List.of("sandbox", "production"), "production")
            .optional("baseUrl", Kind.URL)
            .optional("timeoutMillis", Kind.MILLIS, String.valueOf(Settings.DEFAULT_TIMEOUT_MILLIS))
            .multilineSecret(PRIVATE_KEY, true)
            .build();

    @Override
    public ProviderFields fields() {
        return FIELDS;
    }

    @Override
    public void checkMore(SettingsCheck check, JsonObject settings, Map<String, String> secrets) {
        String pem = secrets == null ? null : secrets.get(PRIVATE_KEY);
        if (pem != null && !pem.isBlank()) {
            try {
                Jws.ecPrivateKey(pem);
            } catch (InvalidKeyException e) {
                check.error("secrets." + PRIVATE_KEY, "is not an EC P-256 private key in PKCS#8 PEM form (.p8)");
            }
        }
    }

    @Override
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        JsonObject settings = connection.settings();
        String deviceToken = message.recipients().isEmpty() ? "" : message.recipients().get(0).strip();
        // Device tokens are hex; anything else would also be a path injection.
        if (!deviceToken.matches("[0-9A-Fa-f]{8,512}")) {
            throw DeliveryException.invalidRecipient("not an APNs device token");
        }
        String topic = Settings.required(settings, "topic", NAME);
        String tokenKey = tokenKey(connection);
        String jwt = tokens.get(tokenKey, now -> mint(connection, now));

        String url = baseUrl(settings) + "/3/device/" + deviceToken;
        JsonObject alert = JsonSupport.objectBuilder()
                .add("title", message.subject() == null ? "" : message.subject())
                .add("body", message.text() == null ? "" : message.text())
                .build();
        String body = JsonSupport.objectBuilder()
                .add("aps", JsonSupport.objectBuilder().add("alert", alert))
                .build().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("authorization", "bearer " + jwt)
                .header("apns-topic", topic)
                .header("apns-push-type", "alert")
                .header("apns-priority", "10")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (url.startsWith("http:")) {
            request.version(HttpClient.Version.HTTP_1_1);
        }

        HttpResponse<String> response = transport.send(request, Settings.timeoutMillis(settings));
        if (HttpTransport.isSuccess(response)) {
            return new DeliveryResult(JsonSupport.objectBuilder()
                    .add("status", response.statusCode())
                    .add("apnsId", response.headers().firstValue("apns-id").orElse(""))
                    .build());
        }
        String reason = JsonSupport.parseObject(response.body()).orElse(JsonValue.EMPTY_JSON_OBJECT)
                .getString("reason", "");
        int status = response.statusCode();
        if (status == 410 || status == 400 && (reason.equals("BadDeviceToken") || reason.equals("Unregistered"))) {
            throw DeliveryException.provider(NAME, status, UNREGISTERED);
        }
        if (status == 403 && (reason.equals("ExpiredProviderToken") || reason.equals("InvalidProviderToken"))) {
            tokens.evict(tokenKey, jwt);
        }
        String token = DeliveryException.token(reason);
        throw DeliveryException.provider(NAME, status, token == null ? "HTTP " + status : token,
                HttpTransport.excerpt(response.body(), List.of(jwt)));
    }

    private TokenCache.Token mint(ConnectionSpec connection, Instant now) throws DeliveryException {
        JsonObject settings = connection.settings();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", Settings.required(settings, "teamId", NAME));
        claims.put("iat", now.getEpochSecond());
        try {
            String jwt = Jws.sign(Jws.Algorithm.ES256, Settings.required(settings, "keyId", NAME),
                    Jws.claims(claims), Jws.ecPrivateKey(connection.secret(PRIVATE_KEY)));
            return new TokenCache.Token(jwt, now.plus(TOKEN_LIFETIME));
        } catch (GeneralSecurityException e) {
            throw DeliveryException.provider(NAME, null, "the connection's privateKey cannot sign (not an EC P-256 .p8 key)");
        }
    }

    /** One provider token per connection and key: a changed key or team gets a new token at once. */
    private static String tokenKey(ConnectionSpec connection) {
        JsonObject s = connection.settings();
        return connection.name() + '|' + Settings.text(s, "teamId") + '|' + Settings.text(s, "keyId")
                + '|' + Jws.fingerprint(connection.secret(PRIVATE_KEY));
    }

    private static String baseUrl(JsonObject settings) {
        String url = Settings.text(settings, "baseUrl");
        if (url == null) {
            url = "sandbox".equals(Settings.text(settings, "environment")) ? SANDBOX_URL : PRODUCTION_URL;
        }
        return Urls.withoutTrailingSlash(url);
    }
}
