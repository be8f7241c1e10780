package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Expressions have budgets (contract §11): text length, time and depth; beyond them an ExpressionException. */
class ExpressionBudgetTest {

    private final Expressions expressions = new Expressions(10_000, Duration.ofMillis(100));

    @ParameterizedTest
    @ValueSource(strings = {
        "'a'.repeat(2000000000)",
        "'a'.repeat(10001)",
        "'%0999999999d'.formatted(1)",
        "'%.999999999f'.formatted(1.5)",
        "'ab'.repeat(4000) += 'ab'.repeat(4000)",
        "'ab'.repeat(4000).concat('ab'.repeat(4000))",
        "'a'.repeat(5000).replace('a', 'bbb')",
        "'a'.repeat(5000).replaceAll('a', 'bbb')",
        "'x'.repeat(200).replace('', 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy')",
        "(f -> f(f))(f -> f(f))",
        "(f -> f(f, 'ab'))((f, s) -> f(f, s += s))",
        "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'.matches('(.*a){12}')",
        "n * n * n",
        "big.toPlainString()",
    })
    void anExpressionOverItsBudgetIsAnExpressionExceptionNotAnError(String expression) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> expressions.evaluate(expression,
                Map.of("n", new BigDecimal("1e4000"), "big", new BigDecimal("1e20000")), Policy.NONE))
                .isInstanceOf(ExpressionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused quickly").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTemplateThatBuildsTooMuchTextIsRefused() {
        assertThatThrownBy(() -> expressions.interpolate("${x}${x}", Map.of("x", "a".repeat(6000)), Policy.NONE))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("10000");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'a'.repeat(10000).length() == 10000",
        "'%05d'.formatted(42) == '00042'",
        "'a-b-c'.replaceAll('-', '') == 'abc'",
        "'a-b-c'.replace('-', '+') == 'a+b+c'",
        "'Jane@Example.COM'.trim().toLowerCase() == 'jane@example.com'",
        "'+15551234567'.matches('\\\\+[0-9]{8,15}')",
        "'a,b'.split(',').size() == 2",
        "(x -> x + 1)(41) == 42",
    })
    void ordinaryExpressionsStayWithinTheirBudget(String expression) throws ExpressionException {
        assertThat(expressions.evaluate(expression, Map.of(), Policy.NONE)).isEqualTo(true);
    }
}
