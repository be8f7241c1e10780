package io.watchword.journey.control;

import java.util.List;

/** The {@code type} of a journey step, as spelled in journey documents (contract §2). */
public final class StepTypes {

    public static final String FORM = "form";
    public static final String GENERIC_OTP_AUTHENTICATION = "generic_otp_authentication";
    public static final String SET_VARIABLES = "set_variables";
    public static final String CONDITION = "condition";
    public static final String COMPLETE = "complete";
    public static final String REJECT = "reject";

    /** Every known type, in the order messages list them. */
    public static final List<String> ALL =
            List.of(FORM, GENERIC_OTP_AUTHENTICATION, SET_VARIABLES, CONDITION, COMPLETE, REJECT);

    private StepTypes() {
    }

    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }

    /** Types that continue with {@code next}; condition branches, complete and reject end. */
    public static boolean hasNext(String type) {
        return FORM.equals(type) || GENERIC_OTP_AUTHENTICATION.equals(type) || SET_VARIABLES.equals(type);
    }
}
