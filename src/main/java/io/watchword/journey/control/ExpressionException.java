package io.watchword.journey.control;

/**
 * A journey expression or template that does not parse, is refused by the sandbox, or fails
 * while it is evaluated. The message is meant for admins and flow error data: it names the
 * expression and never holds a Java class name or stack trace.
 */
public class ExpressionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }

    static ExpressionException failed(String expression, RuntimeException cause) {
        return new ExpressionException("Expression '" + expression + "' failed: " + ReadableMessages.of(cause));
    }
}
