package io.watchword.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

    private static SmsSegments.Count count(String text) {
        return SmsSegments.of(text);
    }

    @Test
    void oneHundredSixtyGsmCharactersAreOneSegment() {
        assertThat(count("a".repeat(160))).isEqualTo(new SmsSegments.Count(Encoding.GSM7, 160, 1));
    }

    @Test
    void oneHundredSixtyOneGsmCharactersAreTwoSegments() {
        assertThat(count("a".repeat(161))).isEqualTo(new SmsSegments.Count(Encoding.GSM7, 161, 2));
    }

    @Test
    void aSplitTextCarries153CharactersPerPart() {
        assertThat(count("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(count("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(count("a".repeat(459)).segments()).isEqualTo(3);
        assertThat(count("a".repeat(460)).segments()).isEqualTo(4);
    }

    @Test
    void oneEuroSignCountsTwoAndStaysGsm() {
        assertThat(count("a".repeat(158) + "€")).isEqualTo(new SmsSegments.Count(Encoding.GSM7, 160, 1));
        assertThat(count("a".repeat(159) + "€")).isEqualTo(new SmsSegments.Count(Encoding.GSM7, 161, 2));
    }

    @Test
    void anExtensionCharacterIsNeverSplitAcrossParts() {
        // 152 + € (2) does not fit the first part's 153: the € opens the second part
        SmsSegments.Count c = count("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(c.units()).isEqualTo(306);
        assertThat(c.segments()).isEqualTo(3);
    }

    @Test
    void everyExtensionCharacterCountsTwo() {
        assertThat(count("^{}\\[~]|€\f").units()).isEqualTo(20);
    }

    @Test
    void theWholeDefaultAlphabetIsGsm() {
        String basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        assertThat(basic).hasSize(127);
        assertThat(count(basic)).isEqualTo(new SmsSegments.Count(Encoding.GSM7, 127, 1));
    }

    @Test
    void oneEmojiTurnsTheTextIntoUcs2CountedInCodeUnits() {
        assertThat(count("a".repeat(68) + "😀")).isEqualTo(new SmsSegments.Count(Encoding.UCS2, 70, 1));
        assertThat(count("a".repeat(69) + "😀")).isEqualTo(new SmsSegments.Count(Encoding.UCS2, 71, 2));
    }

    @Test
    void ucs2SplitsCarry67UnitsPerPart() {
        assertThat(count("ç".repeat(70))).isEqualTo(new SmsSegments.Count(Encoding.UCS2, 70, 1));
        assertThat(count("ç".repeat(71)).segments()).isEqualTo(2);
        assertThat(count("ç".repeat(134)).segments()).isEqualTo(2);
        assertThat(count("ç".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void anEmojiIsNotSplitBetweenParts() {
        // 66 units, then a surrogate pair that would straddle the 67-unit boundary
        assertThat(count("ç".repeat(66) + "😀" + "ç".repeat(66)).segments()).isEqualTo(3);
    }

    @Test
    void accentsOutsideTheAlphabetNeedUcs2ButThoseInsideDoNot() {
        assertThat(count("Ihr Code lautet 123456. Gültig für 5 Minuten.").encoding()).isEqualTo(Encoding.GSM7);
        assertThat(count("Votre code est 123456. Il expire dans 5 minutes, ça va.").encoding()).isEqualTo(Encoding.UCS2);
    }

    @Test
    void anEmptyTextIsOneSegment() {
        assertThat(count("").segments()).isEqualTo(1);
    }
}
