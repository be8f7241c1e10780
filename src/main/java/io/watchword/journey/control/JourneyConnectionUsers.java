package io.watchword.journey.control;

import io.watchword.connection.control.ConnectionUsers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The stored journeys as the connection feature asks about them (it depends on the interface, not on journeys). */
@ApplicationScoped
public class JourneyConnectionUsers implements ConnectionUsers {

    @Inject
    JourneyRepository journeys;

    @Override
    public List<String> journeysUsing(String connectionName) {
        return journeys.journeysUsingConnection(connectionName);
    }
}
