package io.watchword.journey.control;

import io.watchword.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The client response options of contract §1 and the builders of their JSON. */
public final class ClientOptions {

    public static final String CLIENT_INPUT = "client_input";
    public static final String RESEND = "resend";
    public static final String CANCEL = "cancel";
    /** Mosaic's Fail: the client cannot go on; accepted on every waiting step. */
    public static final String FAILURE = "failure";

    private ClientOptions() {
    }

    public static JsonObject of(JsonObject inputSchema, String inputLabel, boolean resend) {
        JsonObjectBuilder b = JsonValues.JSON.createObjectBuilder()
                .add(CLIENT_INPUT, option(CLIENT_INPUT, inputLabel).add("schema", inputSchema));
        if (resend) {
            b.add(RESEND, option(RESEND, "Resend code"));
        }
        b.add(CANCEL, option(CANCEL, "Cancel"));
        return b.build();
    }

    private static JsonObjectBuilder option(String id, String label) {
        return JsonValues.JSON.createObjectBuilder().add("type", id).add("id", id).add("label", label);
    }
}
