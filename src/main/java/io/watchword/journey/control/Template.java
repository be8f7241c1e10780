package io.watchword.journey.control;

import java.util.ArrayList;
import java.util.List;

/**
 * An interpolated string cut into literal text and {@code ${…}} expressions. Each expression
 * is then parsed by Jakarta EL on its own, so that its value can be printed the journey way
 * (null as "", 5.0 as 5) and so that {@code @policy} is rewritten only inside expressions.
 * {@code \${} writes a literal {@code ${}, as in EL.
 *
 * @param segments in template order
 */
record Template(List<Segment> segments) {

    /** Literal text, or the source of one expression (without its {@code ${}}). */
    record Segment(String text, boolean expression) {
    }

    static Template parse(String template) throws ExpressionException {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '\\' && template.startsWith("${", i + 1)) {
                literal.append("${");
                i += 3;
            } else if (c == '$' && template.startsWith("{", i + 1)) {
                int close = closingBrace(template, i + 2);
                if (close < 0) {
                    throw new ExpressionException("'${' at position " + (i + 1) + " is never closed");
                }
                if (!literal.isEmpty()) {
                    segments.add(new Segment(literal.toString(), false));
                    literal.setLength(0);
                }
                segments.add(new Segment(template.substring(i + 2, close), true));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            segments.add(new Segment(literal.toString(), false));
        }
        return new Template(List.copyOf(segments));
    }

    /** The literal (non-expression) text, where header-injection checks look. */
    String literalText() {
        StringBuilder out = new StringBuilder();
        segments.stream().filter(s -> !s.expression()).forEach(s -> out.append(s.text()));
        return out.toString();
    }

    /**
     * Index of the {@code }} that closes an expression starting at {@code from}, or -1.
     * Braces inside string literals and EL map/set literals ({@code {'a': 1}}) are skipped.
     */
    static int closingBrace(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }
}
