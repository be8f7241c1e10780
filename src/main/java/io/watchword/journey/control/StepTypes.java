package io.watchword.journey.control;

/** The {@code type} of a journey step, as spelled in journey documents (contract §2): each names a {@link StepHandler} and a {@link StepValidator}. */
public final class StepTypes {

    public static final String FORM = "form";
    public static final String GENERIC_OTP_AUTHENTICATION = "generic_otp_authentication";
    public static final String SET_VARIABLES = "set_variables";
    public static final String CONDITION = "condition";
    public static final String COMPLETE = "complete";
    public static final String REJECT = "reject";

    private StepTypes() {
    }
}
