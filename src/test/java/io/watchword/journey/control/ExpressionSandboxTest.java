package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Journeys are admin-written, but an expression must never reach reflection or the JVM. */
class ExpressionSandboxTest {

    private final Expressions expressions = new Expressions();

    @Test
    void getClassForNameChainIsRefusedAtSaveTime() {
        assertThat(expressions.expressionError("''.getClass().forName('java.lang.Runtime')"))
                .hasValueSatisfying(m -> assertThat(m).contains("getClass").contains("may not use"));
    }

    @Test
    void getClassForNameChainIsRefusedAtRunTime() {
        assertThatThrownBy(() -> expressions.evaluate("''.getClass().forName('java.lang.Runtime')", Map.of(), Policy.NONE))
                .isInstanceOf(ExpressionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x.getClassLoader()", "x.newInstance()", "m.invoke(null)", "r.exec('id')", "Class.forName('java.lang.Runtime')"})
    void forbiddenMethodNamesAreRefusedAtSaveTime(String expression) {
        assertThat(expressions.expressionError(expression)).isPresent();
    }

    @Test
    void getClassCalledThroughBracketsIsRefusedAtRunTime() {
        assertThatThrownBy(() -> expressions.evaluate("''['get' += 'Class']()", Map.of(), Policy.NONE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'getClass' may not be called");
    }

    @Test
    void policyOffersOnlyItsThreeMethods() {
        assertThatThrownBy(() -> expressions.evaluate("@policy.hashCode()", Map.of(), Policy.NONE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("userContext(), request() and isUserAuthenticated()");
    }

    @Test
    void forbiddenNameInsideAStringLiteralIsJustText() throws ExpressionException {
        assertThat(expressions.evaluate("'call getClass() later'", Map.of(), Policy.NONE)).isEqualTo("call getClass() later");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "java.lang.System.exit(0)",
        "System.exit(0)",
        "Runtime.getRuntime()",
        "Runtime.getRuntime().availableProcessors()",
        "ProcessBuilder(['id']).start()",
        "Thread.currentThread()",
        "System.getProperty('user.home')",
        "Math.abs(-1)",
        "Integer.MAX_VALUE",
        "String.valueOf(1)"})
    void javaLangClassesAreNotReachable(String expression) {
        Object result;
        try {
            result = expressions.evaluate(expression, Map.of(), Policy.NONE);
        } catch (ExpressionException refused) {
            return;
        }
        assertThat(result).as("'%s' must not reach the JVM", expression).isNull();
    }

    @Test
    void classPropertyIsNotReachable() {
        assertThatThrownBy(() -> expressions.evaluate("name.class", Map.of("name", "x"), Policy.NONE))
                .isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> expressions.evaluate("name['class']", Map.of("name", "x"), Policy.NONE))
                .isInstanceOf(ExpressionException.class);
    }

    @Test
    void methodsOnReturnedNonValueObjectsAreRefused() {
        assertThatThrownBy(() -> expressions.evaluate("name.chars().count()", Map.of("name", "abc"), Policy.NONE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("cannot be called");
    }

    @Test
    void variablesCannotBeAssigned() {
        assertThatThrownBy(() -> expressions.evaluate("name = 'other'", Map.of("name", "x"), Policy.NONE))
                .isInstanceOf(ExpressionException.class);
    }

    @Test
    void listsAndMapsCannotBeChanged() {
        List<Object> list = new ArrayList<>(List.of("a"));
        assertThatThrownBy(() -> expressions.evaluate("list.clear()", Map.of("list", list), Policy.NONE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("only read");
        assertThat(list).containsExactly("a");
    }

    @Test
    void lambdaCannotSmuggleGetClass() {
        assertThat(expressions.expressionError("(x -> x.getClass())('')")).isPresent();
    }
}
