package io.watchword.channel.provider.webservice;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.DeliveryException;
import io.watchword.channel.DeliveryResult;
import io.watchword.channel.MessageProvider;
import io.watchword.channel.OutboundMessage;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.ProviderKind;
import io.watchword.channel.provider.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Email through an HTTP API of the admin's choosing. One call per message: with several
 * recipients, {@code ${to}} is the addresses joined with {@code ", "}. Recipients, subject and
 * sender name are refused when they hold CR or LF, as for SMTP: the web service may well put
 * them into mail headers.
 */
@ApplicationScoped
@ProviderKind(EmailWebServiceProvider.NAME)
public class EmailWebServiceProvider implements MessageProvider {

    public static final String NAME = "email_webservice";

    private final WebServiceCall call = new WebServiceCall(NAME);

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.EMAIL);
    }

    @Override
    public ProviderFields fields() {
        return WebServiceCall.FIELDS;
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
        for (String header : headerValues(message)) {
            if (header != null && (header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0)) {
                throw DeliveryException.invalidRecipient("line break in a mail header value");
            }
        }
        Map<String, String> values = new HashMap<>();
        values.put("to", String.join(", ", message.recipients()));
        values.put("subject", message.subject());
        values.put("text", message.text());
        values.put("senderName", message.from());
        return call.call(connection.settings(), connection.secrets(), values);
    }

    private static List<String> headerValues(OutboundMessage message) {
        List<String> values = new java.util.ArrayList<>(message.recipients());
        values.add(message.subject());
        values.add(message.from());
        return values;
    }
}
