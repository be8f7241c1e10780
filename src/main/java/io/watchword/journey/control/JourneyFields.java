package io.watchword.journey.control;

import java.util.List;
import java.util.Set;

/** Field names and fixed values of journey documents (contract §2), shared by validator and engine. */
public final class JourneyFields {

    // The journey
    public static final String ID = "id";
    public static final String START = "start";
    public static final String STEPS = "steps";

    // Every step
    public static final String TYPE = "type";
    public static final String NEXT = "next";

    // form
    public static final String FORM_ID = "formId";
    public static final String SCHEMA = "schema";
    public static final String OUTPUT = "output";
    public static final String FIELD_TYPE = "type";
    public static final String FIELD_REQUIRED = "required";
    public static final List<String> FIELD_TYPES = List.of("string", "number", "boolean");

    // generic_otp_authentication
    public static final String EXTERNAL_USER_ID = "externalUserId";
    public static final String CHANNEL = "channel";
    public static final String FAILURE_BEHAVIOR = "failureBehavior";
    public static final String ON_FAILURE = "onFailure";
    public static final String ERROR_OUTPUT_VARIABLE = "errorOutputVariable";
    public static final String FAILURE_BRANCH = "failure_branch";
    public static final String ABORT = "abort";
    public static final List<String> FAILURE_BEHAVIORS = List.of(FAILURE_BRANCH, ABORT);
    public static final String DEFAULT_FAILURE_BEHAVIOR = FAILURE_BRANCH;
    public static final String DEFAULT_ERROR_OUTPUT_VARIABLE = "error";

    // Channel settings of the OTP step: {"sms": {...}}, {"email": {...}}, {"push": {...}}
    public static final String CONNECTION = "connection";
    public static final String FROM = "from";
    public static final String RECIPIENT = "recipient";
    public static final String MESSAGE = "message";
    public static final String RECIPIENTS = "recipients";
    public static final String SUBJECT = "subject";
    public static final String BODY = "body";
    public static final String SENDER_NAME = "senderName";
    public static final String PUSH_TOKEN = "pushToken";
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    /** Contract §10: the step's locale expression, and the SMS autofill settings. */
    public static final String LOCALE = "locale";
    public static final String AUTOFILL_DOMAIN = "autofillDomain";
    public static final String ANDROID_APP_HASH = "androidAppHash";

    /** Names that exist only inside the OTP step's message fields. */
    public static final String OTP = "otp";
    public static final String EXPIRES_IN_MINUTES = "expiresInMinutes";
    public static final String EXPIRES_IN_SECONDS = "expiresInSeconds";
    public static final Set<String> PASSCODE_NAMES = Set.of(OTP, EXPIRES_IN_MINUTES, EXPIRES_IN_SECONDS);

    // set_variables
    public static final String VARIABLES = "variables";

    // condition
    public static final String IF = "if";
    public static final String THEN = "then";
    public static final String ELSE = "else";

    // reject
    public static final String REASON = "reason";

    private JourneyFields() {
    }
}
