package io.watchword.connection.control;

import io.watchword.channel.ConnectionSpec;
import io.watchword.connection.entity.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Connections as providers see them, kept per name with the exact stored row they were made
 * from. Every send reads the row anyway; parsing its settings and decrypting its secrets
 * (AES-GCM) again for each passcode showed under load. An entry is used only when the row just
 * read holds the same channel, provider, settings and ciphertext, so a change made on any node
 * is seen at once. One entry per connection name.
 */
@ApplicationScoped
public class ConnectionSpecs {

    private record Entry(String channel, String provider, String settings, String secrets, ConnectionSpec spec) {
        boolean madeFrom(Connection c) {
            return channel.equals(c.channel()) && provider.equals(c.provider()) && settings.equals(c.settings())
                    && Objects.equals(secrets, c.secrets());
        }
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    ConnectionSpec of(Connection c, Supplier<ConnectionSpec> make) {
        Entry e = entries.get(c.name());
        if (e != null && e.madeFrom(c)) {
            return e.spec();
        }
        ConnectionSpec spec = make.get();
        entries.put(c.name(), new Entry(c.channel(), c.provider(), c.settings(), c.secrets(), spec));
        return spec;
    }
}
