package io.watchword.channel.provider.fcm;

import io.watchword.channel.DeliveryException;
import io.watchword.channel.provider.HttpTransport;
import io.watchword.channel.provider.JsonSupport;
import io.watchword.channel.provider.TokenCache;
import io.watchword.platform.Jws;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OAuth2 access tokens for a service account by the JWT-bearer grant (RFC 7523, Google's
 * "server to server" flow): an RS256 assertion {iss, scope, aud = token URI, iat, exp} is
 * exchanged at the token URI. Tokens are reused until 60 s before they expire, so the token
 * endpoint sees one request per connection per hour, not one per push.
 */
final class GoogleAccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final Duration EARLY_REFRESH = Duration.ofSeconds(60);

    private final String provider;
    private final HttpTransport transport;
    private final TokenCache cache;

    GoogleAccessTokens(String provider, Clock clock) {
        this.provider = provider;
        this.transport = new HttpTransport(provider, HttpClient.Version.HTTP_2);
        this.cache = new TokenCache(clock);
    }

    String get(String key, ServiceAccount account, String tokenUri, int timeoutMillis) throws DeliveryException {
        return cache.get(key, now -> grant(account, tokenUri, timeoutMillis, now));
    }

    void evict(String key, String token) {
        cache.evict(key, token);
    }

    private TokenCache.Token grant(ServiceAccount account, String tokenUri, int timeoutMillis, Instant now)
            throws DeliveryException {
        String assertion = assertion(account, tokenUri, now);
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + assertion;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(tokenUri));
        } catch (IllegalArgumentException e) {
            throw DeliveryException.provider(provider, null, "the token URI is not a URL");
        }
        request.header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (tokenUri.startsWith("http:")) {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        HttpResponse<String> response = transport.send(request, timeoutMillis);
        JsonObject json = JsonSupport.parseObject(response.body()).orElse(JsonValue.EMPTY_JSON_OBJECT);
        if (!HttpTransport.isSuccess(response)) {
            // {"error":"invalid_grant","error_description":"…"}: names the problem, holds no secret.
            String error = json.get("error") instanceof JsonString s && DeliveryException.token(s.getString()) != null
                    ? " " + s.getString() : "";
            throw DeliveryException.provider(provider, response.statusCode(),
                    "access token request refused: HTTP " + response.statusCode() + error,
                    HttpTransport.excerpt(response.body(), List.of(assertion)));
        }
        if (!(json.get("access_token") instanceof JsonString token) || token.getString().isBlank()) {
            throw DeliveryException.provider(provider, response.statusCode(), "the token endpoint returned no access_token");
        }
        long expiresIn = json.get("expires_in") instanceof JsonNumber n ? n.longValue() : 3600;
        Instant refreshAt = now.plusSeconds(expiresIn).minus(EARLY_REFRESH);
        return new TokenCache.Token(token.getString(), refreshAt);
    }

    private String assertion(ServiceAccount account, String tokenUri, Instant now) throws DeliveryException {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", account.clientEmail());
        claims.put("scope", SCOPE);
        claims.put("aud", tokenUri);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
        try {
            return Jws.sign(Jws.Algorithm.RS256, null, Jws.claims(claims), Jws.rsaPrivateKey(account.privateKeyPem()));
        } catch (GeneralSecurityException e) {
            throw DeliveryException.provider(provider, null, "the service account's private_key cannot sign (not an RSA PKCS#8 key)");
        }
    }
}
