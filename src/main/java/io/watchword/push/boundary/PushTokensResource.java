package io.watchword.push.boundary;

import io.watchword.platform.ErrorCodes;
import io.watchword.platform.FieldError;
import io.watchword.platform.JsonBodies;
import io.watchword.platform.JsonValues;
import io.watchword.platform.ProblemException;
import io.watchword.platform.Times;
import io.watchword.push.control.PushTokenService;
import io.watchword.push.entity.PushToken;
import io.watchword.token.control.TokenService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/push-tokens} (contract §4). Registering is allowed to an admin (HTTP Basic) or
 * to the user themself, holding a completion token whose {@code sub} is the user id. Every
 * other method is constrained to the admin role in {@code web.xml}; POST is left open there
 * because a bearer token may register too, so Basic credentials on it are handed to the
 * container's own BASIC mechanism ({@link HttpServletRequest#authenticate}), never decoded here.
 */
@Path("push-tokens")
@Produces(MediaType.APPLICATION_JSON)
public class PushTokensResource {

    static final String ADMIN_ROLE = "watchword-admin";

    @Inject
    PushTokenService tokens;

    @Inject
    TokenService completionTokens;

    @POST
    public Response register(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @Context HttpServletRequest request, @Context HttpServletResponse response) {
        JsonObject o = JsonBodies.object(body, type, false);
        String userId = JsonValues.string(o, "userId");
        String token = JsonValues.string(o, "token");
        String provider = JsonValues.string(o, "provider");
        String deviceName = JsonValues.string(o, "deviceName");
        PushTokenService.Registrant who = authorize(authorization, request, response, userId);
        List<FieldError> errors = new ArrayList<>();
        if (userId == null || userId.isBlank() || userId.length() > 255) {
            errors.add(new FieldError("userId", "is required (at most 255 characters)"));
        }
        if (token == null || token.isBlank() || token.length() > 4096) {
            errors.add(new FieldError("token", "is required (at most 4096 characters)"));
        }
        if (!"apns".equals(provider) && !"fcm".equals(provider)) {
            errors.add(new FieldError("provider", "must be apns or fcm"));
        }
        if (o.containsKey("deviceName") && !o.isNull("deviceName") && (deviceName == null || deviceName.length() > 255)) {
            errors.add(new FieldError("deviceName", "must be a string of at most 255 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The push token is not valid.", errors);
        }
        PushTokenService.Registration r = tokens.register(userId, token, provider, deviceName, who);
        return Response.status(r.created() ? 201 : 200).entity(toJson(r.token()).toString()).build();
    }

    @GET
    public String list(@QueryParam("userId") String userId) {
        if (userId == null || userId.isBlank()) {
            throw ProblemException.invalid("userId", "is required");
        }
        JsonArrayBuilder a = Json.createArrayBuilder();
        tokens.list(userId).forEach(t -> a.add(toJson(t)));
        return a.build().toString();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        tokens.delete(id);
        return Response.noContent().build();
    }

    private PushTokenService.Registrant authorize(String authorization, HttpServletRequest request,
                                                  HttpServletResponse response, String userId) {
        if (authorization == null) {
            throw unauthorized();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            JsonObject claims = completionTokens.verify(authorization.substring(7).trim()).orElseThrow(this::unauthorized);
            // Only a journey that checked a passcode vouches for its user (contract §11).
            if (!(claims.get("amr") instanceof JsonArray amr) || !amr.contains(JsonValues.JSON.createValue("otp"))
                    || !(claims.get("jti") instanceof JsonString jti) || !(claims.get("exp") instanceof JsonNumber exp)) {
                throw unauthorized();
            }
            if (!claims.getString("sub", "").equals(userId)) {
                throw new ProblemException(403, ErrorCodes.FORBIDDEN, "Forbidden",
                        "A completion token may register push tokens only for its own user.");
            }
            return PushTokenService.Registrant.completionToken(jti.getString(), Instant.ofEpochSecond(exp.longValue()));
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            // The server's realm checks the credentials (WildFly has already done so when they
            // came with the request: its authentication is proactive).
            if (request.getUserPrincipal() == null && !authenticate(request, response)) {
                throw unauthorized();
            }
            if (!request.isUserInRole(ADMIN_ROLE)) {
                throw new ProblemException(403, ErrorCodes.FORBIDDEN, "Forbidden", "The account lacks the role watchword-admin.");
            }
            return PushTokenService.Registrant.ADMIN;
        }
        throw unauthorized();
    }

    /** Whether the container's BASIC mechanism authenticated the request (false: wrong or no credentials). */
    private static boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            return request.authenticate(response);
        } catch (ServletException | IOException e) {
            return false;
        }
    }

    private ProblemException unauthorized() {
        return new ProblemException(401, ErrorCodes.UNAUTHORIZED, "Unauthorized",
                "Registering a push token needs an admin's HTTP Basic credentials or the user's completion token.",
                List.of(), Map.of(), Map.of("WWW-Authenticate", "Bearer, Basic realm=\"watchword\""));
    }

    private static JsonObject toJson(PushToken t) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", t.id()).add("userId", t.userId())
                .add("provider", t.provider());
        if (t.deviceName() != null) {
            b.add("deviceName", t.deviceName());
        }
        return b.add("active", t.active()).add("createdAt", Times.format(t.createdAt())).build();
    }
}
