package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.platform.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of contract §10 at PUT, through the journey validator. */
class MessageChecksTest {

    private final JourneyValidator validator = StepValidators.journeyValidator();

    private static JsonObject journey(String channel, String settings, String stepExtra) {
        return Json.createReader(new StringReader("""
                {"id": "j", "start": "otp", "steps": {
                  "otp": {"type": "generic_otp_authentication", "externalUserId": "'jane'", "channel": "%s",
                          "%s": %s, "failureBehavior": "abort", "next": "done"%s},
                  "done": {"type": "complete"}}}
                """.formatted(channel, channel, settings, stepExtra))).readObject();
    }

    private List<FieldError> sms(String settings) {
        return validator.validate(journey("sms", settings, ""));
    }

    private static String sms(String message, String more) {
        return "{\"connection\": \"c\", \"recipient\": \"'+15005550006'\", \"message\": " + message + more + "}";
    }

    @Test
    void theShippedSmsAndEmailExamplesAreValidAndSpeakFourLanguages() throws Exception {
        for (String[] example : new String[][] {{"otp_login_sms", "sms", "message"}, {"otp_login_email", "email", "body"},
                {"otp_login_email", "email", "subject"}}) {
            JsonObject definition;
            try (var in = getClass().getResourceAsStream("/journeys/" + example[0] + ".json")) {
                definition = Json.createReader(in).readObject();
            }
            assertThat(validator.validate(definition)).as(example[0]).isEmpty();
            JsonObject variants = definition.getJsonObject("steps").getJsonObject("otp").getJsonObject(example[1])
                    .getJsonObject(example[2]);
            assertThat(variants.keySet()).as(example[0] + " " + example[2]).containsExactlyInAnyOrder("en", "de", "fr", "es");
        }
    }

    @Test
    void languageVariantsOfEveryFieldAreValid() {
        assertThat(sms(sms("{\"en\": \"Your code is ${otp}\", \"de\": \"Ihr Code lautet ${otp}\", \"pt-BR\": \"Código ${otp}\"}",
                ", \"from\": {\"en\": \"Acme\", \"de\": \"Acme GmbH\"}"))).isEmpty();
        assertThat(validator.validate(journey("email", """
                {"connection": "c", "recipients": "'jane@example.com'",
                 "subject": {"en": "Your code", "de": "Ihr Code"}, "senderName": {"en": "Acme"},
                 "body": {"en": "Code ${otp}", "fr": "Code ${otp}"}}""", ", \"locale\": \"'fr'\""))).isEmpty();
        assertThat(validator.validate(journey("push", """
                {"connection": "c", "title": {"en": "Code"}, "text": {"en": "${otp}", "es": "${otp}"}}""", ""))).isEmpty();
    }

    @Test
    void aTagThatIsNotBcp47IsRefusedAtItsPath() {
        assertThat(sms(sms("{\"en\": \"Code ${otp}\", \"german\": \"Code ${otp}\", \"de_AT\": \"Code ${otp}\"}", "")))
                .extracting(FieldError::field)
                .containsExactly("steps.otp.sms.message.german", "steps.otp.sms.message.de_AT");
    }

    @Test
    void everyVariantIsCheckedLikeAString() {
        List<FieldError> errors = validator.validate(journey("email", """
                {"connection": "c", "recipients": "'jane@example.com'",
                 "subject": {"en": "Code", "de": "Code\\nBcc: x@evil.example"},
                 "senderName": {"en": "${otp}"},
                 "body": {"en": "Code ${otp", "fr": ""}}""", ""));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "steps.otp.email.body.en", "steps.otp.email.body.fr",
                "steps.otp.email.subject.de", "steps.otp.email.senderName.en");
    }

    @Test
    void anEmptyVariantsObjectOrAnotherTypeIsRefused() {
        assertThat(sms(sms("{}", ""))).extracting(FieldError::field).containsExactly("steps.otp.sms.message");
        assertThat(sms(sms("42", ""))).extracting(FieldError::message)
                .singleElement().asString().contains("language variants");
    }

    @Test
    void theStepsLocaleMustBeAnExpression() {
        assertThat(validator.validate(journey("sms", sms("\"Code ${otp}\"", ""), ", \"locale\": \"identify.(\"")))
                .extracting(FieldError::field).containsExactly("steps.otp.locale");
    }

    @Test
    void autofillSettingsAreCheckedForFormat() {
        assertThat(sms(sms("\"Code ${otp}\"", ", \"autofillDomain\": \"login.acme.com\", \"androidAppHash\": \"FA+9qCX9VSu\"")))
                .isEmpty();
        assertThat(sms(sms("\"Code ${otp}\"", ", \"autofillDomain\": \"https://login.acme.com\", \"androidAppHash\": \"short\"")))
                .extracting(FieldError::field)
                .containsExactly("steps.otp.sms.autofillDomain", "steps.otp.sms.androidAppHash");
    }

    @Test
    void aMessageOfFourSegmentsIsRefusedNamingTheFieldAndTheCount() {
        // 3 x 153 = 459 GSM-7 characters fit; the code adds 6
        String three = "\"" + "a".repeat(453) + "${otp}\"";
        String four = "\"" + "a".repeat(454) + "${otp}\"";
        assertThat(sms(sms(three, ""))).isEmpty();
        assertThat(sms(sms(four, ""))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.otp.sms.message");
            assertThat(e.message()).startsWith("needs 4 SMS segments").contains("at most 3", "watchword.sms.max-segments");
        });
    }

    @Test
    void eachVariantIsCountedAndOtherExpressionsCountTwentyCharacters() {
        // 190 UCS-2 units + 20 for the expression + 6 = 216 > 3 x 67 = 201
        String message = "{\"en\": \"Code ${otp}\", \"ru\": \"" + "я".repeat(190) + "${identify.name}${otp}\"}";
        assertThat(sms(sms(message, ""))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps.otp.sms.message.ru");
            assertThat(e.message()).contains("needs 4 SMS segments", "216 UCS-2");
        });
    }

    @Test
    void theAutofillLinesCountToo() {
        // 440 + 6 fits three parts alone; the blank line and "@login.acme.com #000000" do not
        String message = "\"" + "a".repeat(440) + "${otp}\"";
        assertThat(sms(sms(message, ""))).isEmpty();
        assertThat(sms(sms(message, ", \"autofillDomain\": \"login.acme.com\"")))
                .extracting(FieldError::field).containsExactly("steps.otp.sms.message");
    }
}
