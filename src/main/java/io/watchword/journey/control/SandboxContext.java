package io.watchword.journey.control;

import jakarta.el.ELContext;
import jakarta.el.ELException;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.ImportHandler;
import jakarta.el.ValueExpression;
import jakarta.el.VariableMapper;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * An {@link ELContext} with nothing but {@link SandboxResolver}: no functions, no variable
 * mapper and — unlike {@code StandardELContext} — no imports. EL imports {@code java.lang.*}
 * by default, which would make {@code System.exit(0)} or {@code ProcessBuilder(...)}
 * resolvable; here no class name resolves to anything.
 * One context per evaluation (EL contexts are not thread-safe).
 */
final class SandboxContext extends ELContext {

    private static final FunctionMapper NO_FUNCTIONS = new FunctionMapper() {
        @Override
        public Method resolveFunction(String prefix, String localName) {
            return null;
        }
    };

    private static final VariableMapper NO_VARIABLES = new VariableMapper() {
        @Override
        public ValueExpression resolveVariable(String variable) {
            return null;
        }

        @Override
        public ValueExpression setVariable(String variable, ValueExpression expression) {
            throw new ELException("journey expressions cannot define variables");
        }
    };

    private static final ImportHandler NO_IMPORTS = new ImportHandler() {
        @Override
        public void importStatic(String name) {
            throw new ELException("journey expressions cannot import");
        }

        @Override
        public void importClass(String name) {
            throw new ELException("journey expressions cannot import");
        }

        @Override
        public void importPackage(String packageName) {
            // Called by ImportHandler's own constructor for java.lang; harmless, as nothing resolves.
        }

        @Override
        public Class<?> resolveClass(String name) {
            return null;
        }

        @Override
        public Class<?> resolveStatic(String name) {
            return null;
        }
    };

    private final ELResolver resolver;
    private final ExpressionBudget budget;

    SandboxContext(Map<String, Object> variables, Policy policy, ExpressionBudget budget) {
        this.budget = budget;
        this.resolver = new SandboxResolver(variables, policy, budget);
    }

    /** A context for parsing only: parsing resolves no names. */
    static SandboxContext forParsing() {
        return new SandboxContext(Map.of(), Policy.NONE, ExpressionBudget.Limits.DEFAULT.start());
    }

    /** Every lambda call passes here: its depth and its arguments count against the budget. */
    @Override
    public void enterLambdaScope(Map<String, Object> arguments) {
        budget.enterLambda(arguments.values());
        super.enterLambdaScope(arguments);
    }

    @Override
    public void exitLambdaScope() {
        budget.exitLambda();
        super.exitLambdaScope();
    }

    @Override
    public ELResolver getELResolver() {
        return resolver;
    }

    @Override
    public FunctionMapper getFunctionMapper() {
        return NO_FUNCTIONS;
    }

    @Override
    public VariableMapper getVariableMapper() {
        return NO_VARIABLES;
    }

    @Override
    public ImportHandler getImportHandler() {
        return NO_IMPORTS;
    }
}
