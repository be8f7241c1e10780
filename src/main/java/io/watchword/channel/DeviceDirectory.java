package io.watchword.channel;

/** Where delivery finds registered push devices (implemented by the push feature). */
public interface DeviceDirectory {

    /** A registered device: its id, owner, token value and whether it still takes messages. */
    record Device(String id, String userId, String token, boolean active) {
    }

    /** The user's most recently registered active device for the provider (null: any provider), or null. */
    Device newest(String userId, String provider);

    /** The device registered with this token value for the provider (null: any provider), or null. */
    Device byToken(String provider, String token);
}
