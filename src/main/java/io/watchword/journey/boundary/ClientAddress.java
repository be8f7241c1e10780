package io.watchword.journey.boundary;

import jakarta.enterprise.context.RequestScoped;

/** The calling client's address, for the start-rate limit of contract §7. */
@RequestScoped
public class ClientAddress {

    public void checkStartRate() {
        // enforced by the abuse-protection layer
    }
}
