package io.watchword.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped example journeys, stored through the admin API as an admin would: the suite's
 * server runs as production does, where they are not loaded at start (only development mode
 * loads them, contract §11).
 */
final class Examples {

    static final List<String> IDS = List.of("otp_login_email", "otp_login_sms", "otp_login_push");

    private Examples() {
    }

    /** Stores each example journey that is absent (the shipped file, unchanged). */
    static void ensure(Api api) {
        for (String id : IDS) {
            if (api.admin("GET", "/journeys/" + id, null).status() == 404) {
                Api.Answer a = api.admin("PUT", "/journeys/" + id, read(id));
                if (a.status() != 200 && a.status() != 201) {
                    throw new AssertionError("PUT example " + id + ": HTTP " + a.status() + " " + a.body());
                }
            }
        }
    }

    static JsonObject read(String id) {
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/journeys", id + ".json"), StandardCharsets.UTF_8)) {
            return Json.createReader(r).readObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
