package io.watchword.token.control;

import io.watchword.platform.JsonValues;
import io.watchword.platform.Jws;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The ES256 (P-256) key that signs completion tokens, with its {@code kid} (RFC 7638 thumbprint). */
public record SigningKey(String kid, ECPrivateKey privateKey, ECPublicKey publicKey) {

    public static SigningKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) kp.getPublic();
            return new SigningKey(thumbprint(pub), (ECPrivateKey) kp.getPrivate(), pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create a P-256 key", e);
        }
    }

    /** Stored form: JSON with the PKCS#8 private and X.509 public key, Base64. */
    public String serialize() {
        return JsonValues.JSON.createObjectBuilder().add("kid", kid)
                .add("private", Base64.getEncoder().encodeToString(privateKey.getEncoded()))
                .add("public", Base64.getEncoder().encodeToString(publicKey.getEncoded()))
                .build().toString();
    }

    public static SigningKey parse(String stored) {
        JsonObject o = JsonValues.parseObject(stored);
        try {
            KeyFactory f = KeyFactory.getInstance("EC");
            ECPrivateKey priv = (ECPrivateKey) f.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(o.getString("private"))));
            ECPublicKey pub = (ECPublicKey) f.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(o.getString("public"))));
            return new SigningKey(o.getString("kid"), priv, pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored signing key cannot be read", e);
        }
    }

    /** The public JWK of the JWKS. */
    public JsonObject jwk() {
        return JsonValues.JSON.createObjectBuilder().add("kty", "EC").add("crv", "P-256")
                .add("x", coordinate(publicKey.getW().getAffineX()))
                .add("y", coordinate(publicKey.getW().getAffineY()))
                .add("use", "sig").add("alg", "ES256").add("kid", kid).build();
    }

    private static String coordinate(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] fixed = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, fixed, 32 - len, len);
        return Jws.base64Url(fixed);
    }

    private static String thumbprint(ECPublicKey pub) throws GeneralSecurityException {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(pub.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(pub.getW().getAffineY()) + "\"}";
        return Jws.base64Url(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }
}
