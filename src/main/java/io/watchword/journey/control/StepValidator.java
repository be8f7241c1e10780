package io.watchword.journey.control;

import jakarta.json.JsonObject;
import java.util.Set;

/** The rules of one step type's fields (contract §2): a CDI bean named by its {@link StepType}. */
interface StepValidator {

    /** Whether the type goes on with {@code next} (which is then required); types that branch or end do not. */
    default boolean continues() {
        return false;
    }

    /** Reports every error of {@code step}, found at the path {@code at}, to {@code checks}. */
    void validate(JsonObject step, String at, Set<String> stepIds, DefinitionChecks checks);
}
