package io.watchword.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.testing.MapConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static final byte[] KEY = new byte[32];

    static SecretBox box() {
        SecretBox b = new SecretBox();
        b.config = new MapConfig(Map.of(ConfigKeys.SECRETS_KEY, Base64.getEncoder().encodeToString(KEY)));
        return b;
    }

    @Test
    void aValueDecryptsOnlyForTheRowItWasWrittenFor() {
        SecretBox box = box();
        String stored = box.encrypt("{\"authorization\":\"Bearer x\"}", "connection a");
        assertThat(stored).startsWith("v2:").doesNotContain("Bearer");
        assertThat(box.decrypt(stored, "connection a")).isEqualTo("{\"authorization\":\"Bearer x\"}");
        assertThatThrownBy(() -> box.decrypt(stored, "connection b")).isInstanceOf(SecretBox.UnreadableSecretException.class);
    }

    /** What versions before the binding wrote: AES-GCM without associated data, "v1:" + Base64(nonce ‖ ciphertext). */
    @Test
    void theEarlierUnboundFormIsReadOnlyToUpgradeIt() throws Exception {
        byte[] nonce = new byte[12];
        nonce[0] = 7;
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        byte[] ct = c.doFinal("{\"authToken\":\"old\"}".getBytes(StandardCharsets.UTF_8));
        String v1 = "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());

        SecretBox box = box();
        assertThat(SecretBox.isUnbound(v1)).isTrue();
        assertThat(box.decryptUnbound(v1)).isEqualTo("{\"authToken\":\"old\"}");
        assertThatThrownBy(() -> box.decrypt(v1, "connection a")).isInstanceOf(SecretBox.UnreadableSecretException.class);
    }
}
