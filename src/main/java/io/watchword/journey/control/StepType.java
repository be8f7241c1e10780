package io.watchword.journey.control;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.HashMap;

/**
 * The journey step type ({@link StepTypes}) a {@link StepHandler} runs or a {@link StepValidator}
 * checks: a new step type is one handler and one validator, each naming its type here.
 */
@Qualifier
@Retention(RUNTIME)
@Target({TYPE, FIELD, PARAMETER})
public @interface StepType {

    String value();

    /** Beans by the step type they name. */
    final class Index {

        private Index() {
        }

        /** The beans of {@code beans} by the type each names. */
        public static <T> Map<String, T> of(Instance<T> beans) {
            Map<String, T> byType = new HashMap<>();
            for (Instance.Handle<T> h : beans.handles()) {
                String type = h.getBean().getQualifiers().stream().filter(StepType.class::isInstance)
                        .map(q -> ((StepType) q).value()).findFirst()
                        .orElseThrow(() -> new IllegalStateException(h.getBean().getBeanClass() + " names no @StepType"));
                if (byType.put(type, h.get()) != null) {
                    throw new IllegalStateException("Two beans for the step type " + type);
                }
            }
            return Map.copyOf(byType);
        }
    }
}
