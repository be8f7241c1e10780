package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.platform.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageLocaleTest {

    private static final JsonObject VARIANTS = Json.createObjectBuilder()
            .add("fr", "Votre code").add("en", "Your code").add("pt", "O seu código").add("de-CH", "Ihr Code (CH)")
            .add("de", "Ihr Code").build();

    private static String text(String wanted) {
        return MessageLocale.choose(VARIANTS, wanted).text();
    }

    @Test
    void theExactTagWinsIgnoringCase() {
        assertThat(text("de-CH")).isEqualTo("Ihr Code (CH)");
        assertThat(text("DE-ch")).isEqualTo("Ihr Code (CH)");
        assertThat(MessageLocale.choose(VARIANTS, "de-ch").tag()).isEqualTo("de-CH");
    }

    @Test
    void thenTheLanguageAlone() {
        assertThat(text("de-AT")).isEqualTo("Ihr Code");
        assertThat(text("pt-BR")).isEqualTo("O seu código");
    }

    @Test
    void thenEnglish() {
        assertThat(text("ja")).isEqualTo("Your code");
        assertThat(text(null)).isEqualTo("Your code");
        assertThat(MessageLocale.choose(VARIANTS, "ja").tag()).isEqualTo("en");
    }

    @Test
    void thenTheFirstKey() {
        assertThat(MessageLocale.chooseKey(List.of("fr", "es"), "ja")).isEqualTo("fr");
    }

    @Test
    void aPlainStringHasNoTag() {
        assertThat(MessageLocale.choose(Json.createValue("Code ${otp}"), "de"))
                .isEqualTo(new MessageLocale.Choice(null, "Code ${otp}"));
        assertThat(MessageLocale.choose(null, "de")).isNull();
        assertThat(MessageLocale.choose(JsonValue.NULL, "de")).isNull();
    }

    @Test
    void languageTagsAreWellFormedBcp47WithAnIsoLanguage() {
        for (String ok : List.of("en", "de-AT", "pt-BR", "zh-Hant-TW", "es-419", "sr-Latn", "gsw", "EN-us")) {
            assertThat(MessageLocale.isLanguageTag(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("", "english", "en_US", "e", "de-", "-de", "12", "de AT", "x-private", "de-AT-", "*")) {
            assertThat(MessageLocale.isLanguageTag(bad)).as(bad).isFalse();
        }
    }

    @Test
    void theStartBodysLocaleWinsOverAcceptLanguage() {
        assertThat(MessageLocale.ofStart(Json.createValue("de-AT"), "ja")).isEqualTo("de-AT");
        assertThat(MessageLocale.ofStart(null, "ja")).isEqualTo("ja");
        assertThat(MessageLocale.ofStart(JsonValue.NULL, null)).isNull();
    }

    @Test
    void acceptLanguageGivesTheRangeWeighedHighest() {
        assertThat(MessageLocale.ofAcceptLanguage("fr;q=0.5, de-AT, en;q=0.8")).isEqualTo("de-at");
        assertThat(MessageLocale.ofAcceptLanguage("*, es;q=0.1")).isEqualTo("es");
        assertThat(MessageLocale.ofAcceptLanguage("not a header;;")).isNull();
        assertThat(MessageLocale.ofAcceptLanguage("")).isNull();
    }

    @Test
    void aBodyLocaleThatIsNoTagIsRefusedAtItsField() {
        assertThatThrownBy(() -> MessageLocale.ofStart(Json.createValue("german"), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).extracting(f -> f.field()).containsExactly("locale");
                });
        assertThatThrownBy(() -> MessageLocale.ofStart(Json.createValue(5), null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void theStepsLocaleOverridesTheFlowsWhenItIsATag() {
        assertThat(MessageLocale.wanted("fr", "de")).isEqualTo("fr");
        assertThat(MessageLocale.wanted(null, "de")).isEqualTo("de");
        assertThat(MessageLocale.wanted("", "de")).isEqualTo("de");
        assertThat(MessageLocale.wanted(42L, "de")).isEqualTo("de");
    }
}
