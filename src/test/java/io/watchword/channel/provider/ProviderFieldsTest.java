package io.watchword.channel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.MessageProvider;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.provider.apns.ApnsProvider;
import io.watchword.channel.provider.fcm.FcmProvider;
import io.watchword.channel.provider.smtp.SmtpProvider;
import io.watchword.channel.provider.twilio.TwilioProvider;
import io.watchword.channel.provider.webservice.EmailWebServiceProvider;
import io.watchword.channel.provider.webservice.SmsWebServiceProvider;
import io.watchword.platform.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each provider's {@link ProviderFields} is the list its validation walks, so the admin
 * console's form (built from it) asks for exactly what a save requires, and nothing it
 * describes is refused as unknown.
 */
class ProviderFieldsTest {

    static Stream<MessageProvider> providers() {
        return Stream.of(new SmtpProvider(), new EmailWebServiceProvider(), new SmsWebServiceProvider(),
                new TwilioProvider(), new ApnsProvider(), new FcmProvider());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void anEmptyConnectionIsRefusedForExactlyTheRequiredFieldsItsDescriptionNames(MessageProvider provider) {
        ProviderFields fields = provider.fields();
        Set<String> required = Stream.concat(
                fields.settings().stream().filter(s -> s.required() || s.requiredUnless() != null)
                        .map(s -> "settings." + s.name()),
                fields.secrets().stream().filter(ProviderFields.Secret::required).map(s -> "secrets." + s.name()))
                .collect(Collectors.toSet());

        List<FieldError> errors = provider.validate(Json.createObjectBuilder().build(), Map.of());

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrderElementsOf(required);
        assertThat(provider.secretNames()).isEqualTo(fields.secretNames());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aSettingWithTheWrongKindOfValueIsRefusedAtItsName(MessageProvider provider) {
        for (ProviderFields.Setting s : provider.fields().settings()) {
            JsonObjectBuilder settings = Json.createObjectBuilder();
            settings.add(s.name(), Json.createArrayBuilder().add(1));
            List<FieldError> errors = provider.validate(settings.build(), Map.of());
            assertThat(errors).as(s.name()).extracting(FieldError::field).contains("settings." + s.name());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyDefaultAndAllowedValueItDescribesIsAccepted(MessageProvider provider) {
        for (ProviderFields.Setting s : provider.fields().settings()) {
            for (String value : Stream.concat(Stream.ofNullable(s.defaultValue()), s.allowed().stream()).toList()) {
                List<FieldError> errors = provider.validate(Json.createObjectBuilder().add(s.name(), value).build(),
                        Map.of());
                assertThat(errors).as(s.name() + "=" + value).extracting(FieldError::field)
                        .doesNotContain("settings." + s.name());
            }
        }
    }
}
