package io.watchword.platform;

import jakarta.ejb.EJBException;
import jakarta.json.JsonException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where errors become HTTP answers: every exception leaves as
 * {@code application/problem+json}, and nothing of its internals (message of a foreign
 * exception, class names, SQL) reaches the client. Unexpected ones are logged with a
 * reference the client also sees.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof ProblemException p) {
            return Problems.response(p);
        }
        if (t instanceof JsonException) {
            return Problems.response(ProblemException.badRequest("The body is not valid JSON."));
        }
        if (t instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            Map<String, String> headers = Map.of();
            if (w instanceof NotAllowedException) {
                String allow = w.getResponse().getHeaderString("Allow");
                headers = allow == null ? Map.of() : Map.of("Allow", allow);
            }
            if (status < 500) {
                return Problems.response(new ProblemException(status, Problems.code(status),
                        Problems.title(status), describe(status), List.of(), Map.of(), headers));
            }
        }
        String ref = Long.toHexString(System.nanoTime());
        LOG.log(Level.SEVERE, "Unexpected error (ref " + ref + ")", t);
        return Problems.response(new ProblemException(500, ErrorCodes.INTERNAL_ERROR,
                "Internal server error", "The server could not answer this request (ref " + ref + ")."));
    }

    static String describe(int status) {
        return switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The requested media type cannot be produced.";
            case 415 -> "The body must be application/json.";
            case 400 -> "The request is malformed.";
            default -> Problems.title(status) + ".";
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof EJBException || c instanceof jakarta.ws.rs.ProcessingException
                || c.getClass().getName().endsWith("TransactionRolledbackLocalException"))
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
