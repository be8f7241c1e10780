package io.watchword.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientsTest {

    @Test
    void mailboxesOfRfc5321AreEmailAddresses() {
        for (String ok : new String[] {"jane@example.com", "jane.doe+otp@mail.example.co.uk", "a!#$%&'*+/=?^_`{|}~-@x.io",
            "jane@bücher.example", "jane@xn--bcher-kva.example", "x".repeat(64) + "@example.com", "j@a-b.example"}) {
            assertThat(Recipients.isEmail(ok)).as(ok).isTrue();
        }
    }

    @Test
    void everythingElseIsNot() {
        for (String bad : new String[] {"victim@corp.com\",\"text\":\"pwned", "\"jane\"@example.com", "<jane@example.com>",
            "jane@example.com,eve@example.com", "jane@example.com;eve@example.com", "ja\\ne@example.com", "jane doe@example.com",
            "x".repeat(65) + "@example.com", "jane@localhost", "jane@-example.com", "jane@example-.com", "jane@exa_mple.com",
            "jane@example..com", ".jane@example.com", "jane.@example.com", "ja..ne@example.com", "jane@example.com.",
            "jane@1.2.3.4", "jane@[127.0.0.1]", "jane@example.com\r\nBcc: eve@example.com", "jäne@example.com", "@example.com",
            "jane@", "jane", "", "jane@" + "a".repeat(64) + ".com", "jane@" + ("a".repeat(60) + ".").repeat(5) + "com"}) {
            assertThat(Recipients.isEmail(bad)).as(bad).isFalse();
        }
        assertThat(Recipients.isEmail(null)).isFalse();
    }

    @Test
    void aMessageHasAtMostTheConfiguredNumberOfRecipients() {
        assertThat(Recipients.emailProblem(Collections.nCopies(10, "jane@example.com"), 10)).isNull();
        assertThat(Recipients.emailProblem(Collections.nCopies(11, "jane@example.com"), 10)).contains("at most 10");
        assertThat(Recipients.emailProblem(List.of(), 10)).isNotNull();
        assertThat(Recipients.emailProblem(List.of("jane@example.com", "bad"), 10)).isNotNull();
    }
}
