package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InteractionTokensTest {

    @Test
    void tokensHoldAtLeast128RandomBitsInUrlSafeText() {
        String token = InteractionTokens.newToken();

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(InteractionTokens.newToken());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void flowIdsFitTheClientFlowIdPattern() {
        assertThat(InteractionTokens.randomId(16)).matches("[A-Za-z0-9_-]{8,64}");
    }

    @Test
    void onlyTheTokenWhoseHashIsStoredMatches() {
        String token = InteractionTokens.newToken();
        String stored = InteractionTokens.hash(token);

        assertThat(stored).doesNotContain(token).hasSize(64);
        assertThat(InteractionTokens.matches(token, stored)).isTrue();
        assertThat(InteractionTokens.matches(InteractionTokens.newToken(), stored)).isFalse();
        assertThat(InteractionTokens.matches(token + "x", stored)).isFalse();
    }

    @Test
    void missingTokenOrHashNeverMatches() {
        assertThat(InteractionTokens.matches(null, InteractionTokens.hash("x"))).isFalse();
        assertThat(InteractionTokens.matches("x", null)).isFalse();
    }
}
