package io.watchword.channel.provider.webservice;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderKind;
import io.watchword.channel.provider.Settings;
import io.watchword.channel.provider.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * SMS through an HTTP API of the admin's choosing. {@code ${from}} is the step's sender when it
 * gives one, else the connection's optional {@code from} setting (an addition to the contract's
 * table, so a connection can have a default sender as Twilio's has).
 */
@ApplicationScoped
@ProviderKind(SmsWebServiceProvider.NAME)
public class SmsWebServiceProvider implements MessageProvider {

    public static final String NAME = "sms_webservice";

    private final WebServiceCall call = new WebServiceCall(NAME);

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.SMS);
    }

    static final ProviderFields FIELDS = ProviderFields.builder().all(WebServiceCall.FIELDS)
            .optional("from", ProviderFields.Kind.TEXT).build();

    @Override
    public ProviderFields fields() {
        return FIELDS;
    }

    @Override
    public void checkMore(SettingsCheck check, JsonObject settings, Map<String, String> secrets) {
        WebServiceCall.checkAuthorization(check, secrets);
    }

    @Override
    public DeliveryResult send(ConnectionSpec connection, OutboundMessage message) throws DeliveryException {
        if (message.recipients().isEmpty()) {
            throw DeliveryException.invalidRecipient("no recipient");
        }
        Map<String, String> values = new HashMap<>();
        values.put("to", message.recipients().get(0));
        values.put("from", message.from() != null && !message.from().isBlank()
                ? message.from() : Settings.text(connection.settings(), "from", ""));
        values.put("text", message.text());
        return call.call(connection.settings(), connection.secrets(), values);
    }
}
