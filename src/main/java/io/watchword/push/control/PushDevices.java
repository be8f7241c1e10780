package io.watchword.push.control;

import io.watchword.channel.DeviceDirectory;
import io.watchword.push.entity.PushToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The registered push tokens as delivery finds them (delivery depends on this interface, not on the push feature). */
@ApplicationScoped
public class PushDevices implements DeviceDirectory {

    @Inject
    PushTokenService tokens;

    @Override
    public Device newest(String userId, String provider) {
        return device(tokens.latestActive(userId, provider));
    }

    @Override
    public Device byToken(String provider, String token) {
        return device(tokens.byValue(provider, token));
    }

    private static Device device(PushToken t) {
        return t == null ? null : new Device(t.id(), t.userId(), t.token(), t.active());
    }
}
