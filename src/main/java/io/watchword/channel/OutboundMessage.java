package io.watchword.channel;

import java.util.List;

/**
 * What a provider delivers, already interpolated.
 *
 * @param channel    the channel it goes out on
 * @param recipients phone numbers (E.164), email addresses, or one device token for push
 * @param from       SMS sender (null: the connection's) or email sender name (may be null)
 * @param subject    email subject or push title; null for SMS
 * @param text       SMS text, email body or push text
 */
public record OutboundMessage(ChannelType channel, List<String> recipients, String from,
                              String subject, String text) {

    public OutboundMessage {
        recipients = List.copyOf(recipients);
    }
}
