package io.watchword.journey.control;

import io.watchword.platform.ErrorCodes;
import java.util.Map;

/**
 * Why a step failed: the code and readable message of contract §2's error variable
 * ({@code {"code", "message", "details"}}).
 */
public record StepFailure(String code, String message, Map<String, Object> details) {

    public StepFailure {
        details = details == null ? Map.of() : details;
    }

    /** A step's expression failed when it ran. */
    public static StepOutcome.Fail expression(String message) {
        return new StepOutcome.Fail(of(ErrorCodes.EXPRESSION_ERROR, message));
    }

    /** An expression of {@code step} failed when it ran: a journey design error, named by the step. */
    public static StepOutcome.Fail expression(StepDef step, String message) {
        return expression("Step '" + step.id() + "' failed: " + message);
    }

    /** The client reported that it cannot go on (the {@code failure} option, accepted by every waiting step). */
    public static StepOutcome.Fail clientFailure() {
        return new StepOutcome.Fail(of(ErrorCodes.CLIENT_FAILURE, "The client reported that it cannot go on."));
    }

    public static StepFailure of(String code, String message) {
        return new StepFailure(code, message, Map.of());
    }

    public Map<String, Object> asVariable() {
        return Map.of("code", code, "message", message, "details", details);
    }
}
