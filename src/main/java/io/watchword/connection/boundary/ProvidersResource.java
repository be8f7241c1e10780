package io.watchword.connection.boundary;

import io.watchword.connection.control.ProviderDescriptions;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/admin/providers}: each provider's channels, settings and secrets, read-only
 * (an addition to contract §3 for the admin console's forms).
 */
@Path("admin/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProvidersResource {

    @Inject
    ProviderDescriptions providers;

    @GET
    public String list() {
        return providers.all().toString();
    }
}
