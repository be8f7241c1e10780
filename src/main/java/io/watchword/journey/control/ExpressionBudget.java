package io.watchword.journey.control;

import jakarta.el.ELException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one evaluation may spend (contract §11): text at most {@code maxLength} characters,
 * at most {@code timeout} of CPU time, lambdas at most {@value #MAX_DEPTH} deep. An expression is
 * written by an admin but fed by clients, so a call that could build a huge string is checked
 * before it runs ({@code repeat}, {@code formatted} widths, {@code replace}), every value a
 * method returns is checked after, and regular expressions run over text that checks the clock,
 * so a catastrophic backtrack stops at the deadline instead of holding a request thread.
 * One instance per evaluation; not thread-safe.
 */
final class ExpressionBudget {

    static final int MAX_DEPTH = 64;
    static final int DEFAULT_MAX_LENGTH = 10_000;
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

    /** The limits, shared by the evaluations of one {@link Expressions}. */
    record Limits(int maxLength, Duration timeout) {
        static final Limits DEFAULT = new Limits(DEFAULT_MAX_LENGTH, DEFAULT_TIMEOUT);

        ExpressionBudget start() {
            return new ExpressionBudget(this, System.nanoTime() + timeout.toNanos());
        }
    }

    /** An evaluation went over its budget: a step failure ({@code expression_error}), never a server error. */
    static final class Exceeded extends ELException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }

    private static final Pattern FORMAT_WIDTH = Pattern.compile("%[-#+ 0,(<]*(\\d+)?(?:\\.(\\d+))?");

    private final Limits limits;
    private final long cpuStart;
    private long deadline;
    private int depth;

    private ExpressionBudget(Limits limits, long deadline) {
        this.limits = limits;
        this.deadline = deadline;
        this.cpuStart = cpuTime();
    }

    /**
     * Called at every step of an evaluation. The budget is the evaluating thread's CPU time:
     * on a loaded server a thread waits for a core, or for a garbage collection, and an
     * expression that merely waited has not run long. Wall time is the cheap first test; the
     * thread's CPU time is read only once that has passed.
     */
    void tick() {
        long now = System.nanoTime();
        if (now - deadline > 0) {
            long cpu = cpuTime();
            if (cpu < 0 || cpu - cpuStart > limits.timeout().toNanos()) {
                throw new Exceeded("ran longer than " + limits.timeout().toMillis() + " ms");
            }
            // it waited rather than ran: look again after what is left of the budget
            deadline = now + Math.max(1_000_000L, limits.timeout().toNanos() - (cpu - cpuStart));
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The current thread's CPU time in ns, or -1 where the JVM does not measure it (then wall time decides). */
    private static long cpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    void enterLambda(Iterable<?> arguments) {
        tick();
        if (++depth > MAX_DEPTH) {
            throw new Exceeded("recursed deeper than " + MAX_DEPTH);
        }
        for (Object a : arguments) {
            checkValue(a);
        }
    }

    void exitLambda() {
        depth--;
    }

    /** Refuses a call on text whose result would be longer than the budget, before it runs. */
    void checkCall(Object base, String method, Object[] params) {
        tick();
        if (!(base instanceof CharSequence text)) {
            return;
        }
        long length = text.length();
        switch (method) {
            case "repeat" -> {
                if (params.length == 1 && params[0] instanceof Number n) {
                    checkLength(length * Math.max(0, n.longValue()));
                }
            }
            case "formatted" -> {
                Matcher m = FORMAT_WIDTH.matcher(text);
                long widths = length;
                while (m.find()) {
                    widths += number(m.group(1)) + number(m.group(2));
                }
                checkLength(widths);
                for (Object p : params) {
                    checkValue(p);
                }
            }
            case "concat" -> checkLength(length + (params.length == 1 && params[0] != null ? params[0].toString().length() : 0));
            case "replace" -> {
                if (params.length == 2 && params[0] instanceof CharSequence target && params[1] instanceof CharSequence with
                        && target.length() > 0) {
                    String t = target.toString();
                    String all = text.toString();
                    long count = 0;
                    for (int i = all.indexOf(t); i >= 0; i = all.indexOf(t, i + t.length())) {
                        count++;
                    }
                    checkLength(length + count * (with.length() - t.length()));
                } else if (params.length == 2 && params[1] instanceof CharSequence with) {
                    checkLength(length + (length + 1) * with.length()); // an empty target: between every character
                }
            }
            default -> {
            }
        }
    }

    /** Refuses text (or a number printed as text) longer than the budget. */
    Object checkValue(Object value) {
        if (value instanceof CharSequence s) {
            checkLength(s.length());
        } else if (value instanceof BigDecimal d) {
            // toPlainString of 1e999999999 would be a billion characters
            checkLength(Math.max(Math.abs((long) d.precision() - d.scale()), Math.abs((long) d.scale())));
        }
        return value;
    }

    void checkLength(long length) {
        if (length > limits.maxLength()) {
            throw new Exceeded("builds text longer than " + limits.maxLength() + " characters");
        }
    }

    /** {@code matches}, {@code replaceAll}, {@code replaceFirst}, {@code split} on text that checks the clock. */
    Object regex(String text, String method, Object[] params) {
        try {
            Pattern p = Pattern.compile(String.valueOf(params[0]));
            Matcher m = p.matcher(new Clocked(text));
            return switch (method) {
                case "matches" -> m.matches();
                case "replaceAll" -> checkValue(replace(m, String.valueOf(params[1]), true, text.length()));
                case "replaceFirst" -> checkValue(replace(m, String.valueOf(params[1]), false, text.length()));
                default -> java.util.List.of(p.split(new Clocked(text), params.length > 1 && params[1] instanceof Number n
                        ? n.intValue() : 0));
            };
        } catch (PatternSyntaxException e) {
            throw new ELException("'" + e.getPattern() + "' is not a valid regular expression");
        }
    }

    private String replace(Matcher m, String replacement, boolean all, int length) {
        StringBuilder out = new StringBuilder(Math.min(length, limits.maxLength()));
        while (m.find()) {
            m.appendReplacement(out, replacement);
            checkLength(out.length());
            if (!all) {
                break;
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    private static long number(String digits) {
        if (digits == null) {
            return 0;
        }
        return digits.length() > 12 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
    }

    /** Text whose every read checks the deadline: the regex engine reads it char by char. */
    private final class Clocked implements CharSequence {
        private final String text;
        private int reads;

        Clocked(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3FF) == 0) {
                tick();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
