package io.watchword.otp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRecipientsTest {

    private static TestRecipients of(String raw) {
        TestRecipients t = new TestRecipients();
        t.codes(TestRecipients.parse(raw, 6));
        return t;
    }

    @Test
    void pairsAreParsedAndEmailsCompareWithoutCase() {
        assertThat(TestRecipients.parse(" +15005550006=123456 , Review@Acme.com=654321 ", 6))
                .isEqualTo(Map.of("+15005550006", "123456", "review@acme.com", "654321"));
        TestRecipients t = of("+15005550006=123456,review@acme.com=654321");
        assertThat(t.codeFor(List.of("+15005550006"))).contains("123456");
        assertThat(t.codeFor(List.of("REVIEW@acme.com"))).contains("654321");
        assertThat(t.active()).isEqualTo(2);
    }

    @Test
    void anEmptySettingHasNone() {
        assertThat(TestRecipients.parse("", 6)).isEmpty();
        assertThat(of("").codeFor(List.of("+15005550006"))).isEmpty();
    }

    @Test
    void aMessageThatAlsoGoesToARealRecipientIsARealSend() {
        TestRecipients t = of("a@acme.com=111111,b@acme.com=111111,c@acme.com=222222");
        assertThat(t.codeFor(List.of("a@acme.com", "b@acme.com"))).contains("111111");
        assertThat(t.codeFor(List.of("a@acme.com", "jane@example.com"))).isEmpty();
        assertThat(t.codeFor(List.of("a@acme.com", "c@acme.com"))).isEmpty();
        assertThat(t.codeFor(List.of("+15005550007"))).isEmpty();
    }

    @Test
    void aCodeOfAnotherLengthStopsTheDeploymentNamingTheKey() {
        assertThatThrownBy(() -> TestRecipients.parse("+15005550006=12345", 6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("watchword.otp.test-recipients").hasMessageContaining("6 digits")
                .hasMessageNotContaining("12345");
        assertThatThrownBy(() -> TestRecipients.parse("+15005550006=12345a", 6)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestRecipients.parse("+15005550006", 6)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestRecipients.parse("=123456", 6)).isInstanceOf(IllegalStateException.class);
    }
}
