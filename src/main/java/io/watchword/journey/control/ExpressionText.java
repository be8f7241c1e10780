package io.watchword.journey.control;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical work on an expression's text that must happen before the EL parser sees it.
 * Only string literals are recognised here; the grammar itself is Jakarta EL's.
 */
final class ExpressionText {

    /** What {@code @policy} becomes: {@code @} is not legal in EL, so Mosaic's spelling is rewritten. */
    static final String POLICY_VARIABLE = "__policy";

    private static final String POLICY_SPELLING = "@policy";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");

    private ExpressionText() {
    }

    /** Rewrites {@code @policy} to {@link #POLICY_VARIABLE}, leaving string literals alone. */
    static String rewritePolicy(String expression) {
        if (!expression.contains(POLICY_SPELLING)) {
            return expression;
        }
        StringBuilder out = new StringBuilder(expression.length());
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < expression.length()) {
                    out.append(expression.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (expression.startsWith(POLICY_SPELLING, i) && !identifierContinues(expression, i + POLICY_SPELLING.length())) {
                out.append(POLICY_VARIABLE);
                i += POLICY_SPELLING.length() - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The expression with the contents of its string literals blanked out: only code is left. */
    static String codeOnly(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < expression.length()) {
                    out.append("  ");
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    out.append(c);
                } else {
                    out.append(' ');
                }
            } else {
                if (c == '\'' || c == '"') {
                    quote = c;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The first call of a method the sandbox never allows, so it is refused when a journey is saved. */
    static Optional<String> forbiddenCall(String expression) {
        String code = codeOnly(expression);
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            if (SandboxResolver.FORBIDDEN_METHODS.contains(m.group()) && nextNonSpace(code, m.end()) == '(') {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    /** Whether the expression reads one of {@code names} as a top-level variable (not as {@code x.name}). */
    static Optional<String> topLevelUseOfAny(String expression, Set<String> names) {
        String code = codeOnly(rewritePolicy(expression));
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            if (names.contains(m.group()) && previousNonSpace(code, m.start()) != '.') {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    private static boolean identifierContinues(String text, int index) {
        return index < text.length() && Character.isJavaIdentifierPart(text.charAt(index));
    }

    private static char nextNonSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }

    private static char previousNonSpace(String text, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }
}
