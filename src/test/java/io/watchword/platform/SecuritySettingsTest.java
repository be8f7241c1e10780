package io.watchword.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.testing.MapConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of contract §11: development mode is for development, and the budgets. */
class SecuritySettingsTest {

    @Test
    void outsideDevelopmentModeTheIssuerIsRequiredAndTheStartFailsNamingIt() {
        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ConfigKeys.TOKEN_ISSUER);
    }

    @Test
    void outsideDevelopmentModeTheOutboxIsOffUnlessAskedFor() {
        assertThat(load(Map.of(ConfigKeys.TOKEN_ISSUER, "https://a.test/watchword")).outboxEnabled()).isFalse();
        assertThat(load(Map.of(ConfigKeys.TOKEN_ISSUER, "https://a.test/watchword", ConfigKeys.OUTBOX_ENABLED, "true"))
                .outboxEnabled()).isTrue();
    }

    @Test
    void developmentModeNeedsNoIssuerAndHasTheOutbox() {
        Settings s = load(Map.of(ConfigKeys.DEV_MODE, "true"));
        assertThat(s.tokenIssuer()).isEmpty();
        assertThat(s.outboxEnabled()).isTrue();
    }

    @Test
    void theTryBudgetAndExpressionBudgetsHaveTheContractsDefaults() {
        Settings s = load(Map.of(ConfigKeys.DEV_MODE, "true"));
        assertThat(s.maxFailedTries()).isEqualTo(15);
        assertThat(s.expressionMaxLength()).isEqualTo(10_000);
        assertThat(s.expressionTimeout()).isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"watchword.otp.lockout.max-failed-tries, 0", "watchword.otp.lockout.max-failed-tries, 101",
        "watchword.expression.max-length, 10", "watchword.expression.timeout, PT0S"})
    void anInvalidBudgetIsRefusedNamingItsKey(String key, String value) {
        assertThatThrownBy(() -> load(Map.of(ConfigKeys.DEV_MODE, "true", key, value)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "jdbc:h2:/opt/wildfly/standalone/data/watchword/watchword;DB_CLOSE_ON_EXIT=FALSE, true",
        "jdbc:h2:file:./data/watchword, true",
        "jdbc:h2:mem:test, true",
        "jdbc:h2:tcp://db.internal/watchword, false",
        "jdbc:h2:ssl://db.internal/watchword, false",
        "jdbc:postgresql://127.0.0.1:5432/test, false",
        "jdbc:mariadb://localhost/test, false",
    })
    void developmentModeIsAllowedOnlyOnAnEmbeddedH2Database(String url, boolean allowed) {
        assertThat(DevelopmentMode.isEmbeddedH2(url)).isEqualTo(allowed);
        if (allowed) {
            DevelopmentMode.check(true, url);
        } else {
            assertThatThrownBy(() -> DevelopmentMode.check(true, url)).hasMessageContaining(ConfigKeys.DEV_MODE)
                    .hasMessageNotContaining("db.internal").hasMessageNotContaining("5432");
        }
        DevelopmentMode.check(false, url);
    }

    private static Settings load(Map<String, String> values) {
        Settings s = new Settings();
        s.load(new MapConfig(values));
        return s;
    }
}
