package io.watchword.journey.control;

import java.util.Map;

/** Every step type's validator, as CDI finds them in the server, for tests without a container. */
final class StepValidators {

    private StepValidators() {
    }

    static JourneyValidator journeyValidator() {
        return new JourneyValidator(new Expressions(), Map.of(
                StepTypes.FORM, new FormStepValidator(),
                StepTypes.GENERIC_OTP_AUTHENTICATION, new OtpStepValidator(),
                StepTypes.SET_VARIABLES, new LogicStepValidators.SetVariables(),
                StepTypes.CONDITION, new LogicStepValidators.Condition(),
                StepTypes.REJECT, new LogicStepValidators.Reject(),
                StepTypes.COMPLETE, new LogicStepValidators.Complete()));
    }
}
