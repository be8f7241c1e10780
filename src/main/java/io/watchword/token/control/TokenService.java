package io.watchword.token.control;

import io.watchword.channel.provider.Jws;
import io.watchword.journey.control.FlowRun;
import io.watchword.platform.ServerSecrets;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.watchword.platform.JsonValues;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Completion tokens (contract §4): ES256 JWTs with a {@code kid}. The key is made once and
 * kept in the database, so it survives restarts and every node signs with it; it never
 * changes afterwards, so holding it in memory is safe.
 */
@ApplicationScoped
public class TokenService {

    static final String SECRET_NAME = "token-signing-key";

    @Inject
    ServerSecrets secrets;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    private volatile SigningKey key;

    public String issue(FlowRun run) {
        Object user = run.userContext().get("user_id");
        Object channel = run.userContext().get("channel");
        Instant now = clock.instant();
        JsonObject claims = JsonValues.JSON.createObjectBuilder()
                .add("iss", settings.tokenIssuer().orElse(run.baseUrl()))
                .add("sub", String.valueOf(user))
                .add("aud", settings.tokenAudience())
                .add("iat", now.getEpochSecond())
                .add("exp", now.plus(settings.tokenLifetime()).getEpochSecond())
                .add("jti", io.watchword.platform.Randoms.uuid().toString())
                .add("amr", JsonValues.JSON.createArrayBuilder().add("otp").add(String.valueOf(channel)))
                .add("journey", run.journey().id())
                .build();
        SigningKey k = key();
        JsonObject header = JsonValues.JSON.createObjectBuilder().add("alg", "ES256").add("typ", "JWT").add("kid", k.kid()).build();
        try {
            return Jws.signWithHeader(Jws.Algorithm.ES256, header, claims, k.privateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a completion token", e);
        }
    }

    /** The claims of a valid, unexpired completion token of ours (signature, audience, expiry). */
    public Optional<JsonObject> verify(String token) {
        Optional<JsonObject> claims = Jws.verify(token, Jws.Algorithm.ES256, key().publicKey());
        long now = clock.instant().getEpochSecond();
        return claims.filter(c -> c.get("exp") instanceof JsonNumber exp && exp.longValue() > now)
                .filter(c -> settings.tokenAudience().equals(c.getString("aud", null)));
    }

    public JsonObject jwks() {
        return JsonValues.JSON.createObjectBuilder().add("keys", JsonValues.JSON.createArrayBuilder().add(key().jwk())).build();
    }

    /** The signing key's {@code kid}, loading (or making) the key as a token would. */
    public String signingKeyId() {
        return key().kid();
    }

    private SigningKey key() {
        SigningKey k = key;
        if (k == null) {
            k = SigningKey.parse(secrets.getOrCreate(SECRET_NAME, () -> SigningKey.generate().serialize()));
            key = k;
        }
        return k;
    }
}
