package io.watchword.journey.control;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Expression Language exceptions into sentences for admins: the EL implementation's
 * messages mention Java types ({@code class java.lang.Long}), which must not leak to clients.
 */
final class ReadableMessages {

    private static final Pattern JAVA_TYPE =
            Pattern.compile("(?:class |interface )?\\b(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*)");

    private static final Pattern EXCEPTION_PREFIX =
            Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*");

    private static final Pattern PARSER_TOKEN =
            Pattern.compile("Encountered \"(.*?)\" at line \\d+, column (\\d+)");

    private static final Pattern LEXER_CHARACTER =
            Pattern.compile("Lexical error at line \\d+, column (\\d+)\\.\\s+Encountered: (.*?) \\(\\d+\\)");

    private static final Map<String, String> FRIENDLY = Map.of(
            "String", "text", "Long", "number", "Integer", "number", "Double", "number",
            "BigDecimal", "number", "BigInteger", "number", "Boolean", "boolean",
            "Character", "text");

    private ReadableMessages() {
    }

    static String of(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error instanceof ArithmeticException ? "arithmetic error" : "evaluation error";
        }
        message = firstLine(message);
        if (message.endsWith("/ by zero")) {
            return "division by zero";
        }
        if (message.startsWith("For input string:")) {
            return "cannot use " + message.substring("For input string:".length()).trim() + " as a number";
        }
        return withoutJavaTypes(EXCEPTION_PREFIX.matcher(message).replaceAll(""));
    }

    /**
     * A parse failure as admins wrote the expression. The parser's own text lists every token
     * it expected and counts columns from the {@code ${} we added, so only its gist is kept.
     *
     * @param offset characters the parsed text has before the admin's expression
     */
    static String ofParseFailure(Throwable error, int offset) {
        Throwable detail = error.getCause() != null ? error.getCause() : error;
        String message = detail.getMessage() == null ? "" : firstLine(detail.getMessage());
        Matcher token = PARSER_TOKEN.matcher(message);
        if (token.find()) {
            int column = Integer.parseInt(token.group(2)) - offset;
            return "}".equals(token.group(1)) || "<EOF>".equals(token.group(1))
                    ? "it ends where more is expected"
                    : "unexpected '" + token.group(1) + "' at column " + column;
        }
        Matcher character = LEXER_CHARACTER.matcher(message);
        if (character.find()) {
            return "unexpected character " + character.group(2) + " at column "
                    + (Integer.parseInt(character.group(1)) - offset);
        }
        return "it is not a valid expression";
    }

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    static String withoutJavaTypes(String message) {
        Matcher m = JAVA_TYPE.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String simple = m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(FRIENDLY.getOrDefault(simple, "value")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** How a value is named in messages: admins think in JSON types, not Java classes. */
    static String describe(Object value) {
        if (value instanceof CharSequence || value instanceof Character) {
            return "text";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof java.util.Map) {
            return "an object";
        } else if (value instanceof java.util.Collection || (value != null && value.getClass().isArray())) {
            return "a list";
        }
        return "this value";
    }
}
