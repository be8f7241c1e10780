package io.watchword.token.control;

import io.watchword.platform.Jws;
import io.watchword.token.entity.SigningKeyRecord;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.watchword.platform.JsonValues;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Completion tokens (contract §4): ES256 JWTs with a {@code kid}. Which key signs is read
 * from the database for every token ({@link SigningKeys}), so a rotation made on any node
 * takes effect on every node at once. Decrypted key pairs are kept by record: a kid is the
 * thumbprint of its key pair and a stored key never changes, so that memory holds nothing
 * another node could change.
 */
@ApplicationScoped
public class TokenService {

    @Inject
    SigningKeys keys;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    private final ConcurrentMap<String, SigningKey> opened = new ConcurrentHashMap<>();

    /**
     * A completion token (contract §4) for {@code subject}, authenticated by a passcode over
     * {@code channel} in the journey {@code journeyId}; issued by {@code baseUrl} unless an issuer is configured.
     */
    public String issue(String subject, String channel, String journeyId, String baseUrl) {
        Instant now = clock.instant();
        JsonObject claims = JsonValues.JSON.createObjectBuilder()
                .add("iss", settings.tokenIssuer().orElse(baseUrl))
                .add("sub", subject)
                .add("aud", settings.tokenAudience())
                .add("iat", now.getEpochSecond())
                .add("exp", now.plus(settings.tokenLifetime()).getEpochSecond())
                .add("jti", io.watchword.platform.Randoms.uuid().toString())
                .add("amr", JsonValues.JSON.createArrayBuilder().add("otp").add(channel))
                .add("journey", journeyId)
                .build();
        SigningKey k = open(keys.current());
        JsonObject header = JsonValues.JSON.createObjectBuilder().add("alg", "ES256").add("typ", "JWT").add("kid", k.kid()).build();
        try {
            return Jws.signWithHeader(Jws.Algorithm.ES256, header, claims, k.privateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a completion token", e);
        }
    }

    /** The claims of a valid, unexpired completion token of ours (signature, audience, expiry). */
    public Optional<JsonObject> verify(String token) {
        String kid = Jws.header(token).map(h -> h.getString("kid", null)).orElse(null);
        SigningKeyRecord r = kid == null ? null : keys.published(kid, settings.tokenLifetime());
        if (r == null) {
            return Optional.empty();
        }
        Optional<JsonObject> claims = Jws.verify(token, Jws.Algorithm.ES256, open(r).publicKey());
        long now = clock.instant().getEpochSecond();
        return claims.filter(c -> c.get("exp") instanceof JsonNumber exp && exp.longValue() > now)
                .filter(c -> settings.tokenAudience().equals(c.getString("aud", null)));
    }

    /** The current key and every key retired less than a token lifetime ago. */
    public JsonObject jwks() {
        JsonArrayBuilder list = JsonValues.JSON.createArrayBuilder();
        keys.published(settings.tokenLifetime()).forEach(r -> list.add(open(r).jwk()));
        return JsonValues.JSON.createObjectBuilder().add("keys", list).build();
    }

    /** The current signing key's {@code kid}, loading (or making) the key as a token would. */
    public String signingKeyId() {
        return open(keys.current()).kid();
    }

    /** Makes a new signing key current (contract §11); returns its kid. */
    public String rotate() {
        return keys.rotate();
    }

    private SigningKey open(SigningKeyRecord r) {
        SigningKey k = opened.get(r.kid());
        if (k == null || opened.size() > 100) {
            if (opened.size() > 100) {
                opened.clear();
            }
            k = keys.open(r);
            opened.put(r.kid(), k);
        }
        return k;
    }
}
