package io.watchword.channel;

import java.util.List;

/**
 * What a journey asks the channel to deliver to, with its expressions already evaluated.
 *
 * @param connections    the connection names in the order to try (contract §8)
 * @param userId         the step's external user id (a push device must be this user's own)
 * @param recipients     phone number or email addresses as the journey gave them; empty for push
 * @param pushToken      the device token the journey named, or null for the user's newest device
 * @param lastConnection the connection that delivered the step's previous passcode (a resend
 *                       starts after it), or null
 */
public record SendRequest(ChannelType channel, List<String> connections, String userId, List<String> recipients,
                          String pushToken, String lastConnection) {

    public SendRequest {
        connections = List.copyOf(connections);
        recipients = recipients == null ? List.of() : recipients.stream().map(r -> r == null ? "" : r).toList();
    }
}
