package io.watchword.channel.provider.fcm;

import io.watchword.channel.provider.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Optional;

/**
 * The fields Watchword uses from a Google service-account key file: who signs
 * ({@code client_email}), with what ({@code private_key}, RSA PKCS#8 PEM) and where the
 * assertion is exchanged ({@code token_uri}, may be absent).
 */
record ServiceAccount(String clientEmail, String privateKeyPem, String tokenUri) {

    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

    static Optional<ServiceAccount> parse(String json) {
        Optional<JsonObject> o = JsonSupport.parseObject(json);
        if (o.isEmpty()) {
            return Optional.empty();
        }
        String email = string(o.get(), "client_email");
        String key = string(o.get(), "private_key");
        if (email == null || key == null) {
            return Optional.empty();
        }
        return Optional.of(new ServiceAccount(email, key, string(o.get(), "token_uri")));
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s && !s.getString().isBlank() ? s.getString().strip() : null;
    }

    @Override
    public String toString() {
        return "ServiceAccount[" + clientEmail + "]";
    }
}
