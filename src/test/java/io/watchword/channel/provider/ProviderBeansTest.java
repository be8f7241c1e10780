package io.watchword.channel.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.channel.ChannelType;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.ProviderKind;
import io.watchword.channel.provider.apns.ApnsProvider;
import io.watchword.channel.provider.fcm.FcmProvider;
import io.watchword.channel.provider.smtp.SmtpProvider;
import io.watchword.channel.provider.twilio.TwilioProvider;
import io.watchword.channel.provider.webservice.EmailWebServiceProvider;
import io.watchword.channel.provider.webservice.SmsWebServiceProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each provider is a proxyable application-scoped bean named as the contract spells it. */
class ProviderBeansTest {

    private static final Map<String, Class<? extends MessageProvider>> BEANS = Map.of(
            "smtp", SmtpProvider.class, "email_webservice", EmailWebServiceProvider.class,
            "sms_webservice", SmsWebServiceProvider.class, "twilio", TwilioProvider.class,
            "apns", ApnsProvider.class, "fcm", FcmProvider.class);

    @ParameterizedTest
    @CsvSource({"smtp,EMAIL,password", "email_webservice,EMAIL,authorization", "sms_webservice,SMS,authorization",
            "twilio,SMS,authToken", "apns,PUSH,privateKey", "fcm,PUSH,serviceAccountJson"})
    void providerIsAnApplicationScopedBeanWithItsContractName(String name, ChannelType channel, String secret)
            throws Exception {
        Class<? extends MessageProvider> type = BEANS.get(name);

        assertThat(type.getAnnotation(ProviderKind.class).value()).isEqualTo(name);
        assertThat(type).hasAnnotation(ApplicationScoped.class);
        assertThat(Modifier.isFinal(type.getModifiers())).isFalse();
        MessageProvider provider = type.getConstructor().newInstance();
        assertThat(provider.channels()).isEqualTo(Set.of(channel));
        assertThat(provider.secretNames()).isEqualTo(Set.of(secret));
    }
}
