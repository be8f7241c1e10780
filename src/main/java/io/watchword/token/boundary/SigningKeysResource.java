package io.watchword.token.boundary;

import io.watchword.token.control.TokenService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/admin/signing-keys/rotate} (contract §11, role {@code watchword-admin}
 * through web.xml's /api/admin/*): a new key signs every token from now on, on every node;
 * the previous one stays in the JWKS for a token lifetime. Answers {@code 201} with the new kid.
 */
@Path("admin/signing-keys")
public class SigningKeysResource {

    @Inject
    TokenService tokens;

    @POST
    @Path("rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate() {
        String kid = tokens.rotate();
        return Response.status(Response.Status.CREATED)
                .entity(Json.createObjectBuilder().add("kid", kid).build().toString()).build();
    }
}
