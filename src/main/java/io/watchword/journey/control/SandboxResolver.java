package io.watchword.journey.control;

import jakarta.el.ArrayELResolver;
import jakarta.el.BeanELResolver;
import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.ListELResolver;
import jakarta.el.MethodNotFoundException;
import jakarta.el.PropertyNotFoundException;
import jakarta.el.PropertyNotWritableException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only {@link ELResolver} a journey expression sees. Journeys are written by admins, but an
 * expression must never reach reflection or the JVM, so this resolver allows an explicit set
 * of value types instead of EL's usual "any bean": top-level names are journey variables,
 * maps and lists can be read, text/numbers/booleans offer their methods, and {@link Policy}
 * is resolved by hand. Anything else — a {@code Class}, a class loader, a {@code Runtime},
 * an imported class — is refused. Nothing can be assigned.
 */
final class SandboxResolver extends ELResolver {

    /** Method names refused on any base (and refused at save time by {@link ExpressionText}). */
    static final Set<String> FORBIDDEN_METHODS = Set.of(
            "getClass", "forName", "getClassLoader", "newInstance", "invoke", "exec",
            "wait", "notify", "notifyAll", "getDeclaredMethod", "getMethod", "load", "loadLibrary");

    /** Lists and maps are read-only for expressions: journey variables change only through steps. */
    private static final Set<String> COLLECTION_READERS = Set.of(
            "size", "isEmpty", "contains", "containsKey", "containsValue", "get", "getOrDefault",
            "indexOf", "lastIndexOf", "keySet", "values", "subList", "toString", "equals");

    // Shared: BeanELResolver caches method look-ups and is thread-safe.
    private static final BeanELResolver VALUE_METHODS = new BeanELResolver(true);
    private static final ListELResolver LISTS = new ListELResolver(true);
    private static final ArrayELResolver ARRAYS = new ArrayELResolver(true);

    /** Regular-expression methods of text, run by {@link ExpressionBudget#regex} over text that checks the clock. */
    private static final Set<String> REGEX_METHODS = Set.of("matches", "replaceAll", "replaceFirst", "split");

    private final Map<String, Object> variables;
    private final Policy policy;
    private final ExpressionBudget budget;

    SandboxResolver(Map<String, Object> variables, Policy policy, ExpressionBudget budget) {
        this.variables = variables == null ? Map.of() : variables;
        this.policy = policy == null ? Policy.NONE : policy;
        this.budget = budget;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        budget.tick();
        if (base == null) {
            context.setPropertyResolved(null, property);
            // An unknown top-level name is null, like a missing map key: journeys test with `empty x`.
            return ExpressionText.POLICY_VARIABLE.equals(property) ? policy : variables.get(String.valueOf(property));
        }
        if (base instanceof Map<?, ?> map) {
            context.setPropertyResolved(base, property);
            Object value = map.get(property);
            return value != null || property == null ? value : map.get(property.toString());
        }
        if (base instanceof List<?>) {
            return LISTS.getValue(context, base, property);
        }
        if (base.getClass().isArray()) {
            return ARRAYS.getValue(context, base, property);
        }
        if (base instanceof Policy.Request request && "params".equals(property)) {
            context.setPropertyResolved(base, property);
            return request.params();
        }
        if (base instanceof Policy) {
            throw new PropertyNotFoundException("@policy offers userContext(), request() and isUserAuthenticated(), not '" + property + "'");
        }
        throw new PropertyNotFoundException(ReadableMessages.describe(base) + " has no property '" + property + "'");
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        String name = String.valueOf(method);
        if (FORBIDDEN_METHODS.contains(name)) {
            throw new MethodNotFoundException("'" + name + "' may not be called in a journey expression");
        }
        int arity = params == null ? 0 : params.length;
        if (base instanceof Policy p) {
            context.setPropertyResolved(base, method);
            return policyCall(p, name, arity);
        }
        if (base instanceof Policy.Request request && "params".equals(name) && arity == 0) {
            context.setPropertyResolved(base, method);
            return request.params();
        }
        if (base instanceof String text && REGEX_METHODS.contains(name) && arity >= 1 && arity <= 2) {
            context.setPropertyResolved(base, method);
            return budget.regex(text, name, params);
        }
        if (base instanceof CharSequence || base instanceof Number || base instanceof Boolean || base instanceof Character) {
            budget.checkCall(base, name, params == null ? new Object[0] : params);
            return budget.checkValue(callValueMethod(context, base, name, paramTypes, params));
        }
        if ((base instanceof Map || base instanceof Collection) && COLLECTION_READERS.contains(name)) {
            return callValueMethod(context, base, name, paramTypes, params);
        }
        if (base instanceof Map || base instanceof Collection) {
            throw new MethodNotFoundException("'" + name + "' cannot be called on " + ReadableMessages.describe(base)
                    + "; expressions may only read lists and objects (size(), isEmpty(), contains(), get()…)");
        }
        throw new MethodNotFoundException("'" + name + "' cannot be called on " + ReadableMessages.describe(base));
    }

    private static Object policyCall(Policy policy, String name, int arity) {
        if (arity == 0) {
            switch (name) {
                case "userContext":
                    return policy.userContext();
                case "request":
                    return policy.request();
                case "isUserAuthenticated":
                    return policy.isUserAuthenticated();
                default:
                    break;
            }
        }
        throw new MethodNotFoundException("@policy offers userContext(), request() and isUserAuthenticated(), not '" + name + "'");
    }

    private static Object callValueMethod(ELContext context, Object base, String name, Class<?>[] paramTypes, Object[] params) {
        try {
            return VALUE_METHODS.invoke(context, base, name, paramTypes, params);
        } catch (MethodNotFoundException e) {
            int arity = params == null ? 0 : params.length;
            throw new MethodNotFoundException(ReadableMessages.describe(base) + " has no method '" + name + "' taking "
                    + arity + (arity == 1 ? " argument" : " arguments"));
        }
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        throw new PropertyNotWritableException("journey expressions cannot assign values");
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        context.setPropertyResolved(true);
        return true;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base == null ? String.class : null;
    }
}
