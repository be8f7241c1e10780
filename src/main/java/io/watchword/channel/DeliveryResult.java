package io.watchword.channel;

import jakarta.json.JsonValue;

/**
 * A provider accepted the message.
 *
 * @param providerStatus what the provider answered (HTTP status and body excerpt, SMTP reply…),
 *                       safe to show an admin: never a secret
 */
public record DeliveryResult(JsonValue providerStatus) {
}
