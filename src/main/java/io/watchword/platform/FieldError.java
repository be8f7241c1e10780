package io.watchword.platform;

/**
 * One thing wrong with a request, named by the dotted JSON path of the field at fault
 * ({@code steps.otp.email.subject}, {@code settings.port}).
 */
public record FieldError(String field, String message) {

    public FieldError {
        if (field == null || message == null) {
            throw new IllegalArgumentException("field and message are required");
        }
    }

    /** The same error, with its field nested under {@code prefix}. */
    public FieldError under(String prefix) {
        return new FieldError(prefix.isEmpty() ? field : prefix + "." + field, message);
    }
}
