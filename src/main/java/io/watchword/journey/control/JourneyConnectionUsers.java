package io.watchword.journey.control;

import io.watchword.connection.control.ConnectionDeleting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Names the stored journeys that use a connection about to be deleted (the connection feature asks by a CDI event). */
@ApplicationScoped
public class JourneyConnectionUsers {

    @Inject
    JourneyRepository journeys;

    void onDeleting(@Observes ConnectionDeleting deleting) {
        deleting.usedByJourneys(journeys.journeysUsingConnection(deleting.name()));
    }
}
