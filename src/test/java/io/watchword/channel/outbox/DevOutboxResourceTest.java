package io.watchword.channel.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.platform.ProblemException;
import io.watchword.platform.Settings;
import org.junit.jupiter.api.Test;

class DevOutboxResourceTest {

    @Test
    void outsideDevelopmentModeTheDevOutboxDoesNotExist() {
        DevOutboxResource r = resource(false);
        assertThatThrownBy(() -> r.list(null, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(404));
    }

    @Test
    void inDevelopmentModeTheDevOutboxAnswersWhatTheAdminOutboxAnswers() {
        DevOutboxResource r = resource(true);
        assertThat(r.list("jane@example.com", "5")).isEqualTo("[\"jane@example.com|5\"]");
    }

    private static DevOutboxResource resource(boolean devMode) {
        DevOutboxResource r = new DevOutboxResource();
        r.settings = new Settings() {
            @Override
            public boolean devMode() {
                return devMode;
            }
        };
        r.outbox = new OutboxResource() {
            @Override
            public String list(String to, String limit) {
                return "[\"" + to + "|" + limit + "\"]";
            }
        };
        return r;
    }
}
