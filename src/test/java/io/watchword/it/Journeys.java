package io.watchword.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Journeys the channel tests store and walk: a form asks for {@code user} (the external user
 * id) and {@code to} (the recipient), then one OTP step sends on the given channel; a failure
 * takes the failure branch to a reject step whose reason is {@code <code>|<details.reason>}.
 */
final class Journeys {

    private Journeys() {
    }

    static JsonObject otp(String id, String channel, JsonObjectBuilder channelSettings) {
        JsonObject schema = Json.createObjectBuilder()
                .add("user", Json.createObjectBuilder().add("type", "string").add("required", true))
                .add("to", Json.createObjectBuilder().add("type", "string").add("required", false))
                .build();
        return Json.createObjectBuilder().add("id", id).add("start", "identify")
                .add("steps", Json.createObjectBuilder()
                        .add("identify", Json.createObjectBuilder().add("type", "form").add("formId", "identify")
                                .add("schema", schema).add("output", "identify").add("next", "otp"))
                        .add("otp", Json.createObjectBuilder().add("type", "generic_otp_authentication")
                                .add("externalUserId", "identify.user").add("channel", channel)
                                .add(channel, channelSettings)
                                .add("errorOutputVariable", "otpError").add("failureBehavior", "failure_branch")
                                .add("next", "done").add("onFailure", "failed"))
                        .add("done", Json.createObjectBuilder().add("type", "complete"))
                        .add("failed", Json.createObjectBuilder().add("type", "reject")
                                .add("reason", "${otpError.code}|${otpError.details.reason}")))
                .build();
    }

    /** Starts the journey and answers its form: the answer is the OTP step, or the journey's end. */
    static JsonObject untilOtp(Api api, String journeyId, String user, String to) {
        JsonObject form = api.start(journeyId, null).json();
        var data = Json.createObjectBuilder().add("user", user);
        if (to != null) {
            data.add("to", to);
        }
        Api.Answer a = api.respond(form, "client_input", data.build());
        if (a.status() != 200) {
            throw new AssertionError("form answer: HTTP " + a.status() + " " + a.body());
        }
        return a.json();
    }

    /** The newest audit event of a type for a user. */
    static JsonObject lastEvent(Api api, String user, String type) {
        JsonArray events = api.admin("GET", "/events?userId=" + user + "&type=" + type + "&limit=1", null)
                .structure().asJsonArray();
        if (events.isEmpty()) {
            throw new AssertionError("no " + type + " event for " + user);
        }
        return events.getJsonObject(0);
    }

    static String sixDigits(String text) {
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no passcode in: " + text);
        }
        return m.group(1);
    }
}
