package io.watchword.platform;

import io.watchword.testing.MapConfig;
import java.util.HashMap;
import java.util.Map;

/** {@link Settings} loaded from given values, for plain tests of the features that read them. */
public final class SettingsFixture {

    private SettingsFixture() {
    }

    /** Loads the values; outside development mode an issuer is required, so one is given unless the test sets it. */
    public static Settings load(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent(ConfigKeys.TOKEN_ISSUER, "https://login.example.test/watchword");
        Settings s = new Settings();
        s.load(new MapConfig(all));
        return s;
    }
}
