package io.watchword.it;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Test-only configuration source, added to one test deployment: takes back the
 * {@code watchword.connections.allow-private-networks=true} the test servers set (their fake
 * providers listen on 127.0.0.1), so that deployment runs with the production rule. Its ordinal
 * is above the system properties' 400.
 */
public class NoPrivateNetworksConfig implements ConfigSource {

    static final Map<String, String> VALUES = Map.of("watchword.connections.allow-private-networks", "false");

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "watchword-it-no-private-networks";
    }

    @Override
    public int getOrdinal() {
        return 1000;
    }
}
