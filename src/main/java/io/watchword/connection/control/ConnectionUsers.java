package io.watchword.connection.control;

import java.util.List;

/**
 * Who still uses a connection, so that it is not deleted from under them (contract §3: deleting
 * a connection a stored journey uses is a 409). Implemented by the journey feature: connections
 * do not depend on journeys.
 */
public interface ConnectionUsers {

    /** Ids of the stored journeys with a step that names the connection; empty when none does. */
    List<String> journeysUsing(String connectionName);
}
