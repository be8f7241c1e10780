package io.watchword.journey.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

    private final Expressions expressions = new Expressions();

    private final Map<String, Object> variables = Map.of(
            "identify", Map.of("email", "jane@acme.com", "age", 41L),
            "otpError", Map.of("code", "locked_out", "message", "Too many failed passcodes."),
            "tags", List.of("a", "b", "c"),
            "blank", "");

    private Object eval(String expression) throws ExpressionException {
        return expressions.evaluate(expression, variables, Policy.NONE);
    }

    @Test
    void readsNestedVariables() throws ExpressionException {
        assertThat(eval("identify.email")).isEqualTo("jane@acme.com");
    }

    @Test
    void comparesStrings() throws ExpressionException {
        assertThat(eval("otpError.code == 'locked_out'")).isEqualTo(true);
        assertThat(eval("otpError.code != 'locked_out'")).isEqualTo(false);
    }

    @Test
    void comparesNumbers() throws ExpressionException {
        assertThat(eval("identify.age > 40")).isEqualTo(true);
        assertThat(eval("identify.age le 40")).isEqualTo(false);
    }

    @Test
    void callsStringMethods() throws ExpressionException {
        assertThat(eval("identify.email.endsWith('@acme.com')")).isEqualTo(true);
        assertThat(eval("identify.email.toUpperCase()")).isEqualTo("JANE@ACME.COM");
        assertThat(eval("identify.email.length()")).isEqualTo(13);
        assertThat(eval("identify.email.substring(0, 4)")).isEqualTo("jane");
    }

    @Test
    void sizesImmutableLists() throws ExpressionException {
        assertThat(eval("tags.size()")).isEqualTo(3);
        assertThat(eval("tags[1]")).isEqualTo("b");
        assertThat(eval("tags.contains('c')")).isEqualTo(true);
    }

    @Test
    void sizesMutableLists() throws ExpressionException {
        Map<String, Object> vars = new HashMap<>();
        vars.put("list", new java.util.ArrayList<>(List.of(1, 2)));
        assertThat(expressions.evaluate("list.size()", vars, Policy.NONE)).isEqualTo(2);
    }

    @Test
    void emptyOperatorCoversUndefinedNullAndBlank() throws ExpressionException {
        assertThat(eval("empty nothing")).isEqualTo(true);
        assertThat(eval("empty blank")).isEqualTo(true);
        assertThat(eval("empty identify.email")).isEqualTo(false);
        assertThat(eval("not empty tags")).isEqualTo(true);
    }

    @Test
    void evaluatesTernaries() throws ExpressionException {
        assertThat(eval("identify.email.endsWith('@acme.com') ? 'staff' : 'guest'")).isEqualTo("staff");
    }

    @Test
    void concatenatesStringsWithPlusEquals() throws ExpressionException {
        assertThat(eval("identify.email += '!'")).isEqualTo("jane@acme.com!");
    }

    @Test
    void unknownTopLevelNameIsNull() throws ExpressionException {
        assertThat(eval("nobody")).isNull();
    }

    @Test
    void unknownMapPropertyIsNull() throws ExpressionException {
        assertThat(eval("identify.phone")).isNull();
        assertThat(eval("identify.phone.digits")).isNull();
    }

    @Test
    void policyUserContextIsReadable() throws ExpressionException {
        Policy policy = new Policy(Map.of("user_id", "u-42", "channel", "email"), null, true);
        assertThat(expressions.evaluate("@policy.userContext()", Map.of(), policy))
                .isEqualTo(Map.of("user_id", "u-42", "channel", "email"));
        assertThat(expressions.evaluate("@policy.userContext().user_id", Map.of(), policy)).isEqualTo("u-42");
    }

    @Test
    void policyRequestParamsAreReadable() throws ExpressionException {
        Policy policy = Policy.anonymous(Map.of("x", "from-client", "nested", Map.of("y", 7L)));
        assertThat(expressions.evaluate("@policy.request().params.x", Map.of(), policy)).isEqualTo("from-client");
        assertThat(expressions.evaluate("@policy.request().params.nested.y", Map.of(), policy)).isEqualTo(7L);
        assertThat(expressions.evaluate("@policy.request().params.missing", Map.of(), policy)).isNull();
    }

    @Test
    void policyTellsWhetherUserIsAuthenticated() throws ExpressionException {
        assertThat(expressions.evaluate("@policy.isUserAuthenticated()", Map.of(), Policy.NONE)).isEqualTo(false);
        Policy signedIn = new Policy(Map.of("user_id", "u-42"), null, true);
        assertThat(expressions.evaluate("@policy.isUserAuthenticated() && identify.age > 18", variables, signedIn))
                .isEqualTo(true);
    }

    @Test
    void policyWithoutUserHasEmptyContext() throws ExpressionException {
        assertThat(expressions.evaluate("empty @policy.userContext()", Map.of(), Policy.NONE)).isEqualTo(true);
        assertThat(expressions.evaluate("@policy.userContext().user_id", Map.of(), null)).isNull();
    }

    @Test
    void atPolicyInsideStringLiteralIsLeftAlone() throws ExpressionException {
        assertThat(eval("'write @policy.userContext() here'")).isEqualTo("write @policy.userContext() here");
    }

    @Test
    void interpolatesSegmentsBetweenLiteralText() throws ExpressionException {
        String text = expressions.interpolate("Hello ${identify.email}, code ${otp}.",
                Map.of("identify", Map.of("email", "jane@acme.com"), "otp", "123456"), Policy.NONE);
        assertThat(text).isEqualTo("Hello jane@acme.com, code 123456.");
    }

    @Test
    void undefinedNameInterpolatesAsEmptyString() throws ExpressionException {
        assertThat(expressions.interpolate("${otpError.message}", Map.of(), Policy.NONE)).isEmpty();
        assertThat(expressions.interpolate("[${nobody}]", Map.of(), Policy.NONE)).isEqualTo("[]");
    }

    @Test
    void nullTemplateInterpolatesAsEmptyString() throws ExpressionException {
        assertThat(expressions.interpolate(null, variables, Policy.NONE)).isEmpty();
    }

    @Test
    void wholeNumbersPrintWithoutDecimals() throws ExpressionException {
        Map<String, Object> vars = Map.of("expiresInSeconds", 300L, "price", new BigDecimal("5.0"), "ratio", 2.5);
        assertThat(expressions.interpolate("${expiresInSeconds / 60} min", vars, Policy.NONE)).isEqualTo("5 min");
        assertThat(expressions.interpolate("${expiresInSeconds}", vars, Policy.NONE)).isEqualTo("300");
        assertThat(expressions.interpolate("${price} / ${ratio}", vars, Policy.NONE)).isEqualTo("5 / 2.5");
    }

    @Test
    void interpolatesPolicyFormsInsideTemplates() throws ExpressionException {
        Policy policy = new Policy(Map.of("user_id", "u-42"), new Policy.Request(Map.of("x", "y")), true);
        assertThat(expressions.interpolate("${@policy.userContext().user_id}/${@policy.request().params.x}/"
                + "${@policy.isUserAuthenticated()} @policy", Map.of(), policy))
                .isEqualTo("u-42/y/true @policy");
    }

    @Test
    void bracesInsideStringLiteralsDoNotEndASegment() throws ExpressionException {
        assertThat(expressions.interpolate("${'}' += '{'}!", Map.of(), Policy.NONE)).isEqualTo("}{!");
        assertThat(expressions.interpolate("${{'a': 1}.a}", Map.of(), Policy.NONE)).isEqualTo("1");
    }

    @Test
    void escapedDollarBraceStaysLiteral() throws ExpressionException {
        assertThat(expressions.interpolate("cost \\${price}", Map.of(), Policy.NONE)).isEqualTo("cost ${price}");
    }

    @Test
    void runtimeFailureIsReadableExpressionException() {
        assertThatThrownBy(() -> eval("identify.email.endsWithh('@acme.com')"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Expression 'identify.email.endsWithh('@acme.com')' failed: ")
                .hasMessageContaining("endsWithh")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.", "class "));
    }

    @Test
    void coercionFailureHidesJavaTypes() {
        assertThatThrownBy(() -> eval("identify.email + 1"))
                .isInstanceOf(ExpressionException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.", "class "));
    }

    @Test
    void divisionByZeroIsExpressionException() {
        assertThatThrownBy(() -> eval("identify.age % 0"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageEndingWith("failed: division by zero");
        assertThatThrownBy(() -> eval("identify.age / 0"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("division by zero");
    }

    @Test
    void textUsedAsNumberSaysSo() {
        assertThatThrownBy(() -> eval("identify.email + 1"))
                .hasMessageEndingWith("failed: cannot use \"jane@acme.com\" as a number");
    }

    @Test
    void conditionValueIsTrueOnlyForTrueBooleanOrText() {
        assertThat(expressions.isTrue(true)).isTrue();
        assertThat(expressions.isTrue("true")).isTrue();
        assertThat(expressions.isTrue(false)).isFalse();
        assertThat(expressions.isTrue("yes")).isFalse();
        assertThat(expressions.isTrue(null)).isFalse();
        assertThat(expressions.isTrue(1L)).isFalse();
    }

    @Test
    void parseErrorIsReportedWithoutEvaluating() {
        assertThat(expressions.expressionError("identify.email ==")).hasValueSatisfying(m ->
                assertThat(m).startsWith("Expression 'identify.email ==' does not parse"));
        assertThat(expressions.expressionError("identify.email == 'x'")).isEmpty();
        assertThat(expressions.expressionError("")).isPresent();
    }

    @Test
    void parseErrorNamesTheUnexpectedTokenAndColumn() {
        assertThat(expressions.expressionError("identify.email endsWith('x')"))
                .hasValue("Expression 'identify.email endsWith('x')' does not parse: unexpected 'endsWith' at column 16");
    }

    @Test
    void strayClosingBraceIsAParseError() {
        assertThat(expressions.expressionError("a} and ${b")).isPresent();
    }

    @Test
    void templateParseErrorsNameTheProblem() {
        assertThat(expressions.templateError("Code ${otp")).hasValueSatisfying(m -> assertThat(m).contains("never closed"));
        assertThat(expressions.templateError("Code ${otp +}")).isPresent();
        assertThat(expressions.templateError("Code ${otp} in ${expiresInMinutes} min")).isEmpty();
        assertThat(expressions.templateError("No expressions at all")).isEmpty();
    }

    @Test
    void parsedExpressionsAreSharedAcrossThreads() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 8; t++) {
            String email = "user" + t + "@acme.com";
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    try {
                        Map<String, Object> vars = new LinkedHashMap<>();
                        vars.put("identify", Map.of("email", email));
                        if (!email.toUpperCase().equals(expressions.evaluate("identify.email.toUpperCase()", vars, Policy.NONE))) {
                            wrong.incrementAndGet();
                        }
                    } catch (ExpressionException e) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wrong).hasValue(0);
    }
}
