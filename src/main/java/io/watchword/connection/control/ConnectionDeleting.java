package io.watchword.connection.control;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection is about to be deleted (a CDI event, fired in the delete's transaction): features
 * that use connections say who still uses it, and a connection in use is not deleted from under
 * them (contract §3: {@code 409 connection_in_use}). Connections depend on no feature above them.
 */
public final class ConnectionDeleting {

    private final String name;
    private final List<String> journeys = new ArrayList<>();

    public ConnectionDeleting(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** An observer names the stored journeys with a step that uses the connection. */
    public void usedByJourneys(List<String> ids) {
        journeys.addAll(ids);
    }

    public List<String> journeys() {
        return List.copyOf(journeys);
    }
}
