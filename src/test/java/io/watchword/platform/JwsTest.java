package io.watchword.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.channel.provider.TestKeys;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwsTest {

    private static final KeyPair EC = TestKeys.ecP256();
    private static final KeyPair RSA = TestKeys.rsa();

    private static JsonObject claims() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "TEAM123");
        c.put("iat", 1_700_000_000L);
        return Jws.claims(c);
    }

    @Test
    void es256TokenVerifiesWithThePublicKeyAndCarriesKid() throws Exception {
        String jws = Jws.sign(Jws.Algorithm.ES256, "KEY1", claims(), Jws.ecPrivateKey(Jws.pem(EC.getPrivate())));

        assertThat(jws.split("\\.")).hasSize(3);
        assertThat(Jws.base64UrlDecode(jws.split("\\.")[2])).hasSize(64); // R || S, not DER
        assertThat(Jws.header(jws).orElseThrow().toString()).isEqualTo("{\"alg\":\"ES256\",\"kid\":\"KEY1\"}");
        assertThat(Jws.verify(jws, Jws.Algorithm.ES256, EC.getPublic()).orElseThrow())
                .isEqualTo(claims());
    }

    @Test
    void rs256TokenVerifiesWithThePublicKey() throws Exception {
        String jws = Jws.sign(Jws.Algorithm.RS256, null, claims(), Jws.rsaPrivateKey(Jws.pem(RSA.getPrivate())));

        assertThat(Jws.verify(jws, Jws.Algorithm.RS256, RSA.getPublic())).contains(claims());
    }

    @Test
    void verificationRefusesATamperedPayloadOrAnotherAlgorithm() throws Exception {
        String jws = Jws.sign(Jws.Algorithm.ES256, null, claims(), EC.getPrivate());
        String[] p = jws.split("\\.");
        String tampered = p[0] + "." + Jws.base64Url("{\"iss\":\"evil\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[2];

        assertThat(Jws.verify(tampered, Jws.Algorithm.ES256, EC.getPublic())).isEmpty();
        assertThat(Jws.verify(jws, Jws.Algorithm.RS256, RSA.getPublic())).isEmpty();
        assertThat(Jws.verify("not.a-token", Jws.Algorithm.ES256, EC.getPublic())).isEmpty();
    }

    @Test
    void pemWithEscapedLineBreaksIsAccepted() throws Exception {
        String escaped = Jws.pem(EC.getPrivate()).replace("\n", "\\n");

        assertThat(Jws.ecPrivateKey(escaped)).isEqualTo(EC.getPrivate());
    }

    @Test
    void anRsaKeyIsNotAnEcKeyAndGarbageIsNoKey() {
        assertThatThrownBy(() -> Jws.ecPrivateKey(Jws.pem(RSA.getPrivate()))).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Jws.rsaPrivateKey(Jws.pem(EC.getPrivate()))).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Jws.ecPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Jws.ecPrivateKey("hello")).isInstanceOf(InvalidKeyException.class);
    }
}
