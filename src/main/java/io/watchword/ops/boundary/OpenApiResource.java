package io.watchword.ops.boundary;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/openapi.json} (contract §9), no credentials: the OpenAPI 3 document of the
 * contract, one reviewed file ({@code src/main/resources/openapi/watchword.json}) that a
 * test holds against every JAX-RS resource method.
 */
@Path("openapi.json")
public class OpenApiResource {

    public static final String DOCUMENT = "/openapi/watchword.json";
    private static final String TEXT = read();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String document() {
        return TEXT;
    }

    private static String read() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IOException("missing " + DOCUMENT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
