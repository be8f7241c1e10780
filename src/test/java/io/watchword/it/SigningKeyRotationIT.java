package io.watchword.it;

import static io.watchword.it.Journeys.sixDigits;
import static io.watchword.it.Journeys.untilOtp;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.watchword.channel.provider.FakeHttpServer;
import io.watchword.channel.provider.FakeHttpServer.Response;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contract §11, keys: the signing key is not in clear in the database; an admin rotates it
 * ({@code POST /api/admin/signing-keys/rotate} → 201 with the new kid), the next token is
 * signed with the new key at once, and the JWKS still lists the previous key so tokens signed
 * before the rotation keep verifying.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SigningKeyRotationIT {

    static final int HTTP_PORT = Deployments.port(3065);
    static FakeHttpServer mail;

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClasses(RawTableServlet.class, ConnectionRowsServlet.class);
    }

    @BeforeAll
    static void peers() throws Exception {
        mail = new FakeHttpServer(HTTP_PORT);
        mail.on("/send", Response.json(200, "{}"));
    }

    @AfterAll
    static void stopPeers() {
        mail.close();
    }

    /** The clear key an earlier version left in ww_server_secret is moved, encrypted, and keeps signing. */
    @Test
    void theClearKeyOfAnEarlierVersionIsEncryptedAndKeepsItsKid() throws Exception {
        Api api = new Api(url);
        setUp(api);
        io.watchword.token.control.SigningKey legacy = io.watchword.token.control.SigningKey.generate();
        Api.Answer put = api.send("POST", "/it/connection-rows?op=legacy-signing-key&value="
                + java.net.URLEncoder.encode(legacy.serialize(), java.nio.charset.StandardCharsets.UTF_8), "",
                "application/x-www-form-urlencoded", null);
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        SignedJWT token = SignedJWT.parse(token(api));
        assertThat(token.getHeader().getKeyID()).isEqualTo(legacy.kid());
        assertThat(token.verify(new ECDSAVerifier(legacy.publicKey()))).isTrue();
        assertThat(api.send("GET", "/it/raw/ww_server_secret", null, null, null).body()).doesNotContain("token-signing-key");
        assertThat(api.send("GET", "/it/raw/ww_signing_key", null, null, null).body()).contains(legacy.kid())
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(legacy.privateKey().getEncoded()));
    }

    private void setUp(Api api) {
        Api.Answer c = api.admin("PUT", "/connections/it-keys-ws", Json.createObjectBuilder().add("channel", "email")
                .add("provider", "email_webservice").add("settings", Json.createObjectBuilder()
                        .add("url", "http://127.0.0.1:" + HTTP_PORT + "/send").add("bodyTemplate", "${text}")).build());
        assertThat(c.status()).as(c.body()).isIn(200, 201);
        Api.Answer j = api.admin("PUT", "/journeys/it_keys", Journeys.otp("it_keys", "email", Json.createObjectBuilder()
                .add("connection", "it-keys-ws").add("recipients", "identify.to").add("subject", "Code")
                .add("body", "Code: ${otp}")));
        assertThat(j.status()).as(j.body()).isIn(200, 201);
    }

    @Test
    void aRotationSignsTheNextTokenWithTheNewKeyAndTheJwksKeepsThePreviousOne() throws Exception {
        Api api = new Api(url);
        setUp(api);

        SignedJWT before = SignedJWT.parse(token(api));
        String oldKid = before.getHeader().getKeyID();

        // The key material is nowhere in clear: not the private key, not the old clear row.
        String keys = api.send("GET", "/it/raw/ww_signing_key", null, null, null).body();
        assertThat(keys).contains(oldKid).doesNotContain("\"private\"").doesNotContain("MIGHAgEA");
        assertThat(api.send("GET", "/it/raw/ww_server_secret", null, null, null).body()).doesNotContain("token-signing-key");

        assertThat(api.send("POST", "/api/admin/signing-keys/rotate", "", "application/json", null).status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/admin/signing-keys/rotate", "", "application/json", Api.basic(Api.GUEST)).status())
                .isEqualTo(403);
        Api.Answer rotated = api.send("POST", "/api/admin/signing-keys/rotate", "", "application/json", Api.basic(Api.ADMIN));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String newKid = rotated.json().getString("kid");
        assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);

        SignedJWT after = SignedJWT.parse(token(api));
        assertThat(after.getHeader().getKeyID()).isEqualTo(newKid);

        JWKSet jwks = JWKSet.parse(api.send("GET", "/api/.well-known/jwks.json", null, null, null).body());
        assertThat(jwks.getKeys().stream().map(k -> k.getKeyID()).toList()).contains(oldKid, newKid);
        assertThat(before.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(oldKid)))).isTrue();
        assertThat(after.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(newKid)))).isTrue();
        assertThat(after.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(oldKid)))).isFalse();
        assertThat(api.send("GET", "/it/raw/ww_signing_key", null, null, null).body()).contains(newKid);
    }

    private static String token(Api api) {
        String to = "keys-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        mail.reset();
        mail.on("/send", Response.json(200, "{}"));
        JsonObject otp = untilOtp(api, "it_keys", to, to);
        List<FakeHttpServer.Request> sent = mail.requests("/send");
        assertThat(sent).as(otp.toString()).hasSize(1);
        Api.Answer done = api.passcode(otp, sixDigits(sent.get(0).body()));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().getString("type")).as(done.body()).isEqualTo("journey_success");
        String token = done.json().getString("token");
        assertThat(Base64.getUrlDecoder().decode(token.split("\\.")[0])).isNotEmpty();
        return token;
    }
}
