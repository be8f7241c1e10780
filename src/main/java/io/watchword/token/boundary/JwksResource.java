package io.watchword.token.boundary;

import io.watchword.token.control.TokenService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/.well-known/jwks.json}: the keys that verify completion tokens. */
@Path(".well-known/jwks.json")
public class JwksResource {

    @Inject
    TokenService tokens;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return tokens.jwks().toString();
    }
}
