package io.watchword.connection.control;

import io.watchword.channel.ConnectionDirectory;
import io.watchword.channel.ConnectionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The stored connections as delivery finds them (delivery depends on this interface, not on the connection feature). */
@ApplicationScoped
public class ConnectionLookup implements ConnectionDirectory {

    @Inject
    ConnectionService connections;

    @Override
    public ConnectionSpec spec(String name) {
        return connections.spec(name);
    }
}
