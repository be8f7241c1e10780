package io.watchword.platform;

import jakarta.ejb.ApplicationException;
import java.util.List;
import java.util.Map;

/**
 * A request refused with an RFC 9457 problem: the status, a stable machine code (the
 * {@code urn:watchword:problem:<code>} type), a readable detail, and for validation errors
 * every field at fault. {@link ProblemMapper} turns it into {@code application/problem+json}.
 * <p>An application exception: EJBs pass it through unwrapped and roll their transaction back,
 * so a refused request stores nothing.
 */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of(), Map.of());
    }

    public ProblemException(int status, String code, String title, String detail,
                            List<FieldError> errors, Map<String, Object> extensions,
                            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, ErrorCodes.BAD_REQUEST, "Bad request", detail);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, ErrorCodes.VALIDATION_FAILED, "Invalid request", detail,
                errors, Map.of(), Map.of());
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, ErrorCodes.NOT_FOUND, "Not found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public int status() { return status; }
    public String code() { return code; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }
    public Map<String, Object> extensions() { return extensions; }
    public Map<String, String> headers() { return headers; }
}
