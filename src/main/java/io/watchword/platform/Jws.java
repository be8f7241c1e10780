package io.watchword.platform;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Compact JSON Web Signatures (RFC 7515) with the two algorithms Watchword needs: ES256 (APNs
 * provider tokens, the app's completion tokens) and RS256 (Google's OAuth2 JWT-bearer grant).
 *
 * <p>ES256 signatures are the raw {@code R || S} pair (JWA §3.4), not the DER sequence the
 * JDK's plain {@code SHA256withECDSA} produces: hence {@code SHA256withECDSAinP1363Format}.
 * {@link Signature} objects are not thread-safe, so one is made per call; signing happens
 * rarely (tokens are cached by their users).
 */
public final class Jws {

    /** A JWS algorithm, with the JDK names of its signature and key type. */
    public enum Algorithm {
        ES256("SHA256withECDSAinP1363Format", "EC"),
        RS256("SHA256withRSA", "RSA");

        private final String jcaName;
        private final String keyType;

        Algorithm(String jcaName, String keyType) {
            this.jcaName = jcaName;
            this.keyType = keyType;
        }

        public String keyType() {
            return keyType;
        }
    }

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Jws() {
    }

    public static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    public static byte[] base64UrlDecode(String text) {
        return B64URL_DECODER.decode(text);
    }

    /**
     * Signs {@code claims} into a compact JWS whose header holds only {@code alg} and, when
     * given, {@code kid} (APNs documents exactly these two).
     */
    public static String sign(Algorithm alg, String kid, JsonObject claims, PrivateKey key)
            throws GeneralSecurityException {
        JsonObjectBuilder header = JsonValues.JSON.createObjectBuilder().add("alg", alg.name());
        if (kid != null) {
            header.add("kid", kid);
        }
        return signWithHeader(alg, header.build(), claims, key);
    }

    /** Signs {@code claims} under a header of the caller's (which must name {@code alg}). */
    public static String signWithHeader(Algorithm alg, JsonObject header, JsonObject claims, PrivateKey key)
            throws GeneralSecurityException {
        if (!alg.name().equals(header.getString("alg", null))) {
            throw new IllegalArgumentException("the header's alg must be " + alg);
        }
        String signingInput = base64Url(utf8(header.toString())) + "."
                + base64Url(utf8(claims.toString()));
        Signature signature = Signature.getInstance(alg.jcaName);
        // The signature nonce comes from this thread's DRBG, not the JDK's one shared, locked SecureRandom.
        signature.initSign(key, Randoms.secure());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64Url(signature.sign());
    }

    /**
     * The claims of a compact JWS whose signature {@code key} verifies with {@code alg}, or
     * empty. The header's {@code alg} must be {@code alg}: never trust a token to choose it.
     */
    public static Optional<JsonObject> verify(String jws, Algorithm alg, PublicKey key) {
        String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonObject header = jsonObject(new String(base64UrlDecode(parts[0]),
                    StandardCharsets.UTF_8)).orElse(null);
            if (header == null || !alg.name().equals(header.getString("alg", null))) {
                return Optional.empty();
            }
            Signature signature = Signature.getInstance(alg.jcaName);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(base64UrlDecode(parts[2]))) {
                return Optional.empty();
            }
            return jsonObject(new String(base64UrlDecode(parts[1]), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The header of a compact JWS, unverified (for picking a key by {@code kid}). */
    public static Optional<JsonObject> header(String jws) {
        int dot = jws == null ? -1 : jws.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return jsonObject(new String(base64UrlDecode(jws.substring(0, dot)),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * An EC P-256 private key from a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), the
     * form of Apple's {@code .p8} files.
     */
    public static PrivateKey ecPrivateKey(String pem) throws InvalidKeyException {
        PrivateKey key = privateKey(pem, "EC");
        if (((ECKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
            throw new InvalidKeyException("ES256 needs a P-256 key");
        }
        return key;
    }

    /** An RSA private key from a PKCS#8 PEM, the form of Google service-account keys. */
    public static PrivateKey rsaPrivateKey(String pem) throws InvalidKeyException {
        return privateKey(pem, "RSA");
    }

    /** The PEM encoding of a PKCS#8 private key (tests and tooling). */
    public static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static PrivateKey privateKey(String pem, String type) throws InvalidKeyException {
        if (pem == null) {
            throw new InvalidKeyException("no key");
        }
        // Keys pasted into JSON forms often arrive with literal "\n" instead of line breaks.
        String text = pem.replace("\\n", "\n").strip();
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new InvalidKeyException("not a PKCS#8 PEM private key");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
            return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw new InvalidKeyException("not a PKCS#8 " + type + " private key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + type + " keys", e);
        }
    }

    /** A SHA-256 fingerprint of a secret, for cache keys that must change when it does. */
    public static String fingerprint(String secret) {
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(utf8(secret == null ? "" : secret)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The object {@code text} holds, or empty when it is not one: a token's parts are untrusted input. */
    private static Optional<JsonObject> jsonObject(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try (JsonReader reader = JsonValues.JSON.createReader(new StringReader(text))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Claims as a JSON object, in the given order. */
    public static JsonObject claims(Map<String, ?> claims) {
        JsonObjectBuilder b = JsonValues.JSON.createObjectBuilder();
        claims.forEach((k, v) -> {
            if (v instanceof Number n) {
                b.add(k, n.longValue());
            } else {
                b.add(k, String.valueOf(v));
            }
        });
        return b.build();
    }
}
