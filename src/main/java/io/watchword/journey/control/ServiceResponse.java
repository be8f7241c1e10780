package io.watchword.journey.control;

import io.watchword.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service response of contract §1. Absent fields are left out, never written as null.
 */
public final class ServiceResponse {

    public static final String CLIENT_INPUT_REQUIRED = "client_input_required";
    public static final String CLIENT_INPUT_UPDATE_REQUIRED = "client_input_update_required";
    public static final String JOURNEY_SUCCESS = "journey_success";
    public static final String JOURNEY_REJECTION = "journey_rejection";
    public static final String STEP_SUCCESS = "action:success";
    public static final String STEP_REJECTION = "action:rejection";

    private String flowId;
    private String interactionToken;
    private String type;
    private String journeyStepId;
    private Map<String, Object> data;
    private JsonObject options;
    private ErrorData errorData;
    private String token;

    /** {@code errorData}: why the step is presented again, or why the journey was rejected. */
    public record ErrorData(String errorCode, String description, Map<String, Object> data) {
    }

    public static ServiceResponse waiting(String stepId, Map<String, Object> data, JsonObject options) {
        ServiceResponse r = new ServiceResponse();
        r.type = CLIENT_INPUT_REQUIRED;
        r.journeyStepId = stepId;
        r.data = data;
        r.options = options;
        return r;
    }

    public static ServiceResponse success(String token) {
        ServiceResponse r = new ServiceResponse();
        r.type = JOURNEY_SUCCESS;
        r.journeyStepId = STEP_SUCCESS;
        r.token = token;
        return r;
    }

    public static ServiceResponse rejection(String code, String description, Map<String, Object> details) {
        ServiceResponse r = new ServiceResponse();
        r.type = JOURNEY_REJECTION;
        r.journeyStepId = STEP_REJECTION;
        r.errorData = new ErrorData(code, description, details);
        return r;
    }

    /** The same step again, with the reason. */
    public ServiceResponse updateRequired(String code, String description, Map<String, Object> details) {
        this.type = CLIENT_INPUT_UPDATE_REQUIRED;
        this.errorData = new ErrorData(code, description, details);
        return this;
    }

    public ServiceResponse flow(String flowId, String interactionToken) {
        this.flowId = flowId;
        this.interactionToken = interactionToken;
        return this;
    }

    public boolean waitsForClient() {
        return CLIENT_INPUT_REQUIRED.equals(type) || CLIENT_INPUT_UPDATE_REQUIRED.equals(type);
    }

    public String type() { return type; }
    public String journeyStepId() { return journeyStepId; }
    public ErrorData errorData() { return errorData; }
    public String token() { return token; }

    public JsonObject toJson() {
        JsonObjectBuilder b = JsonValues.JSON.createObjectBuilder();
        if (flowId != null) {
            b.add("flowId", flowId);
        }
        if (interactionToken != null) {
            b.add("interactionToken", interactionToken);
        }
        b.add("type", type).add("journeyStepId", journeyStepId);
        if (data != null) {
            b.add("data", JsonValues.toJson(data));
        }
        if (options != null) {
            b.add("clientResponseOptions", options);
        }
        if (errorData != null) {
            JsonObjectBuilder e = JsonValues.JSON.createObjectBuilder().add("errorCode", errorData.errorCode());
            if (errorData.description() != null) {
                e.add("description", errorData.description());
            }
            if (errorData.data() != null && !errorData.data().isEmpty()) {
                e.add("data", JsonValues.toJson(new LinkedHashMap<>(errorData.data())));
            }
            b.add("errorData", e);
        }
        if (token != null) {
            b.add("token", token);
        }
        return b.build();
    }
}
