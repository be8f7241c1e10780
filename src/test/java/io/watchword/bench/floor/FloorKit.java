package io.watchword.bench.floor;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the floor journey needs besides its row: randomness, a keyed hash, an ES256 key, an HTTP client. */
@ApplicationScoped
public class FloorKit {

    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);
    private final byte[] hmacKey = new byte[32];
    private final KeyPair signingKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public FloorKit() {
        try {
            new SecureRandom().nextBytes(hmacKey);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            signingKey = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String passcode() {
        return String.format("%06d", random.get().nextInt(1_000_000));
    }

    String hash(String id, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((id + ':' + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact ES256 JWS of {@code claims}, as the product signs its completion tokens. */
    String sign(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + '.'
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(signingKey.getPrivate(), random.get());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + '.' + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }
}
