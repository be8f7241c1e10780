package io.watchword.channel;

/**
 * A push provider answered that a registered device is dead (APNs {@code 410 Unregistered},
 * FCM {@code UNREGISTERED}): fired as a CDI event in the transaction that records the send;
 * the push feature observes it and deactivates the device.
 */
public record DeviceUnregistered(String deviceId) {
}
