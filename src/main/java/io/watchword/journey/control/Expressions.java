package io.watchword.journey.control;

import jakarta.el.ELException;
import jakarta.el.ExpressionFactory;
import jakarta.el.ValueExpression;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Journey expressions and interpolated strings, in Jakarta Expression Language.
 * <p>
 * Expressions are written without {@code ${}} ({@code identify.email.endsWith('@acme.com')});
 * templates hold {@code ${…}} segments. Mosaic's {@code @policy.userContext()},
 * {@code @policy.request().params.x} and {@code @policy.isUserAuthenticated()} are accepted as
 * written. Evaluation runs in a sandbox ({@link SandboxContext}, {@link SandboxResolver}):
 * variables, lists, maps and the methods of text, numbers and booleans are reachable; classes,
 * reflection and the JVM are not.
 * <p>
 * Thread-safe; usable as a CDI bean or with {@code new Expressions()}.
 */
@ApplicationScoped
public class Expressions {

    // Journeys hold a bounded set of expressions; clearing on overflow keeps look-ups lock-free
    // and still caps memory if something generates expressions.
    private static final int CACHE_LIMIT = 4096;

    private final ExpressionFactory factory = ExpressionFactory.newInstance();
    private final Map<String, ValueExpression> parsed = new ConcurrentHashMap<>();
    private volatile ExpressionBudget.Limits limits = ExpressionBudget.Limits.DEFAULT;

    public Expressions() {
    }

    /** Expressions with the budget of the settings (contract §11). */
    @Inject
    public Expressions(Settings settings) {
        this.limits = new ExpressionBudget.Limits(settings.expressionMaxLength(), settings.expressionTimeout());
    }

    /** Expressions with a budget of their own (tests). */
    Expressions(int maxLength, Duration timeout) {
        this.limits = new ExpressionBudget.Limits(maxLength, timeout);
    }

    /** Evaluates an expression written without {@code ${}}; an unknown name is null. */
    public Object evaluate(String expression, Map<String, Object> variables, Policy policy) throws ExpressionException {
        ValueExpression compiled = parse(expression);
        ExpressionBudget budget = limits.start();
        Object value;
        try {
            value = budget.checkValue(compiled.getValue(new SandboxContext(variables, policy, budget)));
        } catch (RuntimeException e) {
            ExpressionBudget.Exceeded over = overBudget(e);
            if (over != null) {
                throw new ExpressionException("Expression '" + abbreviated(expression) + "' " + over.getMessage());
            }
            throw ExpressionException.failed(expression, e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("Expression '" + abbreviated(expression) + "' recursed too deeply");
        }
        // EL divides in floating point, so 1/0 is Infinity rather than an error; journeys want the error.
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new ExpressionException("Expression '" + expression + "' failed: division by zero or a result that is not a number");
        }
        return value;
    }

    /** Fills a template's {@code ${…}} segments; null and undefined names become "". */
    public String interpolate(String template, Map<String, Object> variables, Policy policy) throws ExpressionException {
        if (template == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        for (Template.Segment segment : Template.parse(template).segments()) {
            out.append(segment.expression() ? asText(evaluate(segment.text(), variables, policy)) : segment.text());
            if (out.length() > limits.maxLength()) {
                throw new ExpressionException("Template '" + abbreviated(template) + "' builds text longer than "
                        + limits.maxLength() + " characters");
            }
        }
        return out.toString();
    }

    /** The budget's refusal behind an exception EL may have wrapped, or null. */
    private static ExpressionBudget.Exceeded overBudget(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExpressionBudget.Exceeded over) {
                return over;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Why an expression would not parse (or is refused by the sandbox); empty when it is fine. */
    public Optional<String> expressionError(String expression) {
        try {
            parse(expression);
            return Optional.empty();
        } catch (ExpressionException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why a template would not parse; empty when it is fine. */
    public Optional<String> templateError(String template) {
        try {
            for (Template.Segment segment : Template.parse(template).segments()) {
                if (segment.expression()) {
                    parse(segment.text());
                }
            }
            return Optional.empty();
        } catch (ExpressionException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether a {@code condition} step's value means "then": Boolean true or the text "true". */
    public boolean isTrue(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return value instanceof String s && "true".equalsIgnoreCase(s.trim());
    }

    /** A value used as a setting's text (a user id, a recipient): null stays null, meaning "no value". */
    static String textOrNull(Object value) {
        return value == null ? null : value instanceof String s ? s : String.valueOf(value);
    }

    /** How a value prints inside a template: null as "", whole numbers without ".0". */
    static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? plain(BigDecimal.valueOf(d)) : String.valueOf(d);
        }
        if (value instanceof BigDecimal decimal) {
            return plain(decimal);
        }
        return value.toString();
    }

    private static String plain(BigDecimal decimal) {
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    private ValueExpression parse(String expression) throws ExpressionException {
        if (expression == null || expression.isBlank()) {
            throw new ExpressionException("Expression is empty");
        }
        ValueExpression compiled = parsed.get(expression);
        if (compiled != null) {
            return compiled;
        }
        compiled = compile(expression);
        if (parsed.size() >= CACHE_LIMIT) {
            parsed.clear();
        }
        parsed.put(expression, compiled);
        return compiled;
    }

    private ValueExpression compile(String expression) throws ExpressionException {
        String code = ExpressionText.rewritePolicy(expression);
        Optional<String> forbidden = ExpressionText.forbiddenCall(code);
        if (forbidden.isPresent()) {
            throw new ExpressionException("Expression '" + expression + "' calls '" + forbidden.get()
                    + "', which journey expressions may not use");
        }
        // A stray '}' would end the ${…} early and turn the rest into literal text.
        if (Template.closingBrace(code + "}", 0) != code.length()) {
            throw new ExpressionException("Expression '" + expression + "' has unbalanced braces or quotes");
        }
        try {
            return factory.createValueExpression(SandboxContext.forParsing(), "${" + code + "}", Object.class);
        } catch (ELException | IllegalArgumentException e) {
            throw new ExpressionException("Expression '" + expression + "' does not parse: "
                    + ReadableMessages.ofParseFailure(e, 2));
        }
    }
}
