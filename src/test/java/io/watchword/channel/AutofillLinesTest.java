package io.watchword.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutofillLinesTest {

    @Test
    void theOriginBoundLineIsTheLastLineAfterABlankLine() {
        assertThat(AutofillLines.append("Your code is 123456.", "123456", "login.acme.com", null))
                .isEqualTo("Your code is 123456.\n\n@login.acme.com #123456");
    }

    @Test
    void theAppHashIsALineOfItsOwnAndLastWhenAlone() {
        assertThat(AutofillLines.append("Your code is 123456.", "123456", null, "FA+9qCX9VSu"))
                .isEqualTo("Your code is 123456.\nFA+9qCX9VSu");
    }

    @Test
    void withBothTheOriginBoundLineStaysLast() {
        assertThat(AutofillLines.append("Code 123456", "123456", "login.acme.com", "FA+9qCX9VSu"))
                .isEqualTo("Code 123456\nFA+9qCX9VSu\n\n@login.acme.com #123456");
    }

    @Test
    void withNeitherTheTextIsUnchanged() {
        assertThat(AutofillLines.append("Code 123456", "123456", null, null)).isEqualTo("Code 123456");
    }

    @Test
    void hostNamesAreLdhLabelsWithoutSchemePortOrPath() {
        assertThat(AutofillLines.isHostName("login.acme.com")).isTrue();
        assertThat(AutofillLines.isHostName("xn--bcher-kva.example")).isTrue();
        assertThat(AutofillLines.isHostName("localhost")).isTrue();
        assertThat(AutofillLines.isHostName("https://login.acme.com")).isFalse();
        assertThat(AutofillLines.isHostName("login.acme.com:8443")).isFalse();
        assertThat(AutofillLines.isHostName("login.acme.com/")).isFalse();
        assertThat(AutofillLines.isHostName("login.acme.com.")).isFalse();
        assertThat(AutofillLines.isHostName("-bad.acme.com")).isFalse();
        assertThat(AutofillLines.isHostName("bücher.example")).isFalse();
        assertThat(AutofillLines.isHostName("a b.com")).isFalse();
        assertThat(AutofillLines.isHostName("")).isFalse();
    }

    @Test
    void appHashesAreElevenBase64Characters() {
        assertThat(AutofillLines.isAppHash("FA+9qCX9VSu")).isTrue();
        assertThat(AutofillLines.isAppHash("FA+9qCX9VS")).isFalse();
        assertThat(AutofillLines.isAppHash("FA+9qCX9VSuX")).isFalse();
        assertThat(AutofillLines.isAppHash("FA-9qCX9VSu")).isFalse();
    }
}
