package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input across the client and admin APIs: generated from a seeded {@link Random}
 * (printed; rerun one with {@code -Dfuzz.seed=N}), sent through the JDK client and, for what
 * it will not send (chunked bodies, odd bytes in the target), a raw socket. Every answer must
 * be a 4xx problem document, or a 2xx where the request happens to be valid; never a 5xx,
 * never a stack trace. Afterwards a normal journey must still complete.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FuzzIT {

    static final int REQUESTS = 1200;
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};
    static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
        "application/json; charset=UTF-8", "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "application/json; charset=bogus-9", "application/problem+json", "multipart/form-data; boundary=x", "*/*", null};
    static final String[] NASTY = {"", " ", "\r\n", "\u0000", "a\u0000b", "\r\nSet-Cookie: x=1", "\u202e\u200b",
        "😀🔥", "\ud83d", "${7*7}", "#{7*7}", "'; drop table ww_flow; --", "<script>alert(1)</script>", "../../etc/passwd",
        "%00", "\\u0000", "null", "true", "1e999", "-0", "+4915112345678", "jane@example.com", "x@y", "\t\f\b",
        "Ω≈ç√∫", "日本語", "\uFEFF", "a".repeat(1001), "é".repeat(300), "a".repeat(300) + "@example.com",
        "+1" + "5".repeat(14), "+999123456789"};

    @ArquillianResource
    URL url;

    Api api;
    Random random;
    final List<String> failures = new ArrayList<>();
    int sent;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @Test
    void hostileRequestsGetProblemsNeverServerErrorsAndJourneysStillWork() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzIT seed: " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        random = new Random(seed);
        api = new Api(url);
        Examples.ensure(api);
        setUp();
        String[] flow = startFlow();

        for (int i = 0; i < REQUESTS; i++) {
            switch (random.nextInt(10)) {
                case 0, 1 -> check("POST", "/api/journeys/" + pick("fuzz_email", "otp_login_email", garbageSegment()) + "/start",
                        body(startBody()), contentType(), null);
                case 2, 3 -> {
                    boolean validToken = random.nextInt(4) == 0;
                    Api.Answer a = check("POST", "/api/flows/" + (random.nextInt(5) == 0 ? garbageSegment() : flow[0]) + "/responses",
                            body(respondBody()), contentType(), validToken ? "Bearer " + flow[1] : badAuthorization());
                    if (a != null && a.status() == 200 && a.body().contains("interactionToken")) {
                        flow[1] = a.json().getString("interactionToken");
                    } else if (a != null && a.status() == 200 || a != null && a.status() == 409) {
                        flow = startFlow();
                    }
                }
                case 4 -> check(pick("PUT", "PUT", "GET", "DELETE"), "/api/admin/journeys/fuzz_" + garbageSegment(),
                        body(journeyBody()), contentType(), Api.basic(Api.ADMIN));
                case 5 -> {
                    String name = "fuzz-" + Integer.toHexString(random.nextInt(1 << 16));
                    boolean post = random.nextBoolean();
                    check(post ? "POST" : "PUT", "/api/admin/connections" + (post ? "" : "/" + name),
                            body(connectionBody(name)), contentType(), Api.basic(Api.ADMIN));
                }
                case 6 -> check("POST", "/api/admin/connections/" + pick("fuzz-outbox", garbageSegment()) + "/test",
                        body(Json.createObjectBuilder().add("to", nasty()).build()), contentType(), Api.basic(Api.ADMIN));
                case 7 -> check("GET", pick("/api/admin/events?limit=", "/api/admin/outbox?limit=", "/api/admin/events?type=x&userId=",
                        "/api/admin/outbox?to=", "/api/push-tokens?userId=") + encode(nasty()), null, null,
                        pick(Api.basic(Api.ADMIN), Api.basic(Api.ADMIN), badAuthorization()));
                case 8 -> check(pick(METHODS), "/api/" + pick("journeys/x/start", "flows/x/responses", "admin/journeys",
                        "admin/connections", "admin/blocks/" + garbageSegment(), "admin/events", "admin/outbox", "push-tokens",
                        ".well-known/jwks.json", garbageSegment(), garbageSegment() + "/" + garbageSegment()),
                        random.nextBoolean() ? null : body(pushTokenBody()), contentType(),
                        pick(Api.basic(Api.ADMIN), null, badAuthorization()));
                default -> raw();
            }
        }
        System.out.println("FuzzIT: " + sent + " requests, " + failures.size() + " failures");
        assertThat(sent).isGreaterThanOrEqualTo(1000);
        assertThat(failures).as("seed " + seed).isEmpty();

        completeAJourney();
    }

    /** Values longer than their columns, on purpose rather than by chance. */
    @Test
    void valuesLongerThanTheirColumnsAreRefusedNotServerErrors() {
        api = new Api(url);
        Examples.ensure(api);
        random = new Random(1);
        setUp();
        JsonObject longStep = journeyBody();
        while (!longStep.getString("start").startsWith("sss")) {
            longStep = journeyBody();
        }
        Api.Answer step = api.admin("PUT", "/journeys/fuzz_long_step", longStep);
        Api.Answer id = api.admin("PUT", "/journeys/" + "j".repeat(150), Json.createObjectBuilder(fuzzJourney("x")).remove("id").build());
        JsonObject twoFields = Json.createObjectBuilder(fuzzJourney("fuzz_user")).add("steps", Json.createObjectBuilder(
                fuzzJourney("fuzz_user").getJsonObject("steps"))
                .add("identify", Json.createObjectBuilder(fuzzJourney("x").getJsonObject("steps").getJsonObject("identify"))
                        .add("schema", Json.createObjectBuilder()
                                .add("email", Json.createObjectBuilder().add("type", "string").add("required", true))
                                .add("user", Json.createObjectBuilder().add("type", "string").add("required", true))))
                .add("otp", Json.createObjectBuilder(fuzzJourney("x").getJsonObject("steps").getJsonObject("otp"))
                        .add("externalUserId", "identify.user"))).build();
        assertThat(api.admin("PUT", "/journeys/fuzz_user", twoFields).status()).isIn(200, 201);
        JsonObject form = api.start("fuzz_user", null).json();
        Api.Answer user = api.respond(form, "client_input", Json.createObjectBuilder()
                .add("email", "long-user@example.com").add("user", "u".repeat(300)).build());
        for (Api.Answer a : List.of(step, id, user)) {
            assertThat(a.status()).as(a.body()).isLessThan(500);
        }
        assertThat(step.status()).isEqualTo(400);
        assertThat(id.status()).isEqualTo(400);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().getString("type")).isEqualTo("journey_rejection");
    }

    // --- the checks ---

    Api.Answer check(String method, String path, String body, String contentType, String authorization) {
        Api.Answer a;
        try {
            a = api.send(method, path, "GET".equals(method) || "HEAD".equals(method) ? null : body, contentType, authorization);
        } catch (IllegalArgumentException | IllegalStateException notSendable) {
            return null;
        }
        if (!underApi(path)) {
            return a; // "/api/../x" leaves the API: the web root answers that, not the contract
        }
        sent++;
        judge(method + " " + path + " [" + contentType + "] " + abbreviate(body), a.status(),
                a.contentType(), a.body(), "HEAD".equals(method), !decodable(path));
        return a;
    }

    /** Requests the JDK client refuses to write: chunked bodies, raw bytes in the target. */
    void raw() {
        String host = url.getHost() + ":" + url.getPort();
        String target = url.getPath() + "api/" + pick("journeys/fuzz_email/start", "admin/journeys/fuzz_raw",
                "journeys/" + rawSegment() + "/start", rawSegment(), "flows/" + rawSegment() + "/responses");
        String body = body(startBody());
        Map<String, String> headers = random.nextBoolean()
                ? Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked", "Authorization", Api.basic(Api.ADMIN))
                : Map.of("Content-Type", "application/json", "Authorization", Api.basic(Api.ADMIN));
        String content = headers.containsKey("Transfer-Encoding") ? RawHttp.chunked(body, 1 + random.nextInt(4096)) : body;
        RawHttp.Answer a = RawHttp.exchange(null, "127.0.0.1", url.getPort(),
                RawHttp.request(pick("POST", "PUT"), target, host, headers, content));
        sent++;
        // a target that is not valid HTTP syntax is refused by the server's HTTP parser before
        // any application code runs: a bare 400 is the most that can be asked there
        judge("RAW " + target + " " + headers.keySet() + " " + abbreviate(body), a.status(), a.header("Content-Type"), a.body(),
                false, !validTarget(target) || !decodable(target));
    }

    /** Whether the path, with dot segments resolved as the server resolves them, is still under /api. */
    static boolean underApi(String path) {
        try {
            String p = URI.create("http://h" + path.replace("%2e", ".").replace("%2E", ".")).normalize().getPath();
            return p.startsWith("/api/");
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** RFC 3986 syntax: printable ASCII only, every '%' followed by two hex digits. */
    static boolean validTarget(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 127) {
                return false;
            }
            if (c == '%' && !(i + 2 < target.length() && isHex(target.charAt(i + 1)) && isHex(target.charAt(i + 2)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the path's percent-escapes decode to UTF-8 text without control characters. A path
     * that does not ({@code %00}, {@code %FF%FE}, {@code %0d%0a}) may be refused by the server's
     * HTTP layer before any application code runs (Payara's Grizzly does, with a bare 400).
     */
    static boolean decodable(String path) {
        try {
            byte[] raw = path.getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == '%' && i + 2 < raw.length) {
                    out.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                } else {
                    out.write(raw[i]);
                }
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
            return text.chars().noneMatch(Character::isISOControl);
        } catch (NumberFormatException | java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    void judge(String request, int status, String contentType, String body, boolean head, boolean parserMayRefuse) {
        String problem = null;
        // the connection test reports a provider's refusal as a 502 problem (contract §3)
        boolean providerAnswer = status == 502 && request.startsWith("POST /api/admin/connections/") && request.contains("/test ");
        if (status >= 500 && !providerAnswer) {
            problem = "server error";
        } else if (status == 400 && parserMayRefuse && (body == null || body.isEmpty())) {
            problem = null;
        } else if (status >= 400 && !head) {
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                problem = "not problem+json";
            } else {
                try {
                    JsonObject p = Json.createReader(new StringReader(body)).readObject();
                    if (p.getInt("status") != status || !p.containsKey("title") || !p.containsKey("type")) {
                        problem = "incomplete problem";
                    }
                } catch (RuntimeException e) {
                    problem = "unparsable problem";
                }
            }
        } else if (status < 200 || status >= 300 && status < 400) {
            problem = "unexpected status";
        }
        if (body != null && (body.contains("Exception") || body.contains("\tat ") || body.contains("SQL"))) {
            problem = "leaks internals";
        }
        if (problem != null && failures.size() < 30) {
            failures.add(problem + ": " + status + " for " + request + " -> " + abbreviate(body));
        }
    }

    // --- generators ---

    String body(JsonObject valid) {
        String s = valid.toString();
        return switch (random.nextInt(14)) {
            case 0 -> s.substring(0, random.nextInt(s.length()));                                   // truncated
            case 1 -> s.replaceFirst(":", ":" + pick("[", "{", ",", "\"", "}"));                     // broken
            case 2 -> withField(valid, "x", Json.createValue("z".repeat(65 * 1024 + random.nextInt(20_000)))); // huge
            case 3 -> withField(valid, pick(valid.keySet().toArray(new String[0])), randomValue());   // wrong type
            case 4 -> withField(valid, "unknown" + random.nextInt(100), randomValue());               // unknown field
            case 5 -> pick("[]", "\"text\"", "42", "true", "null", "[" + s + "]");                    // not an object
            case 6 -> "[".repeat(2000 + random.nextInt(20_000)) + "]".repeat(10);                    // deep
            case 7 -> "{\"a\":".repeat(500 + random.nextInt(3000)) + "1" + "}".repeat(10);
            case 8 -> pick("", " ", "\u0000", "garbage", "{'option':'x'}", "{\"option\":\"x\"", new String(randomBytes(), StandardCharsets.ISO_8859_1));
            case 9 -> s.replaceFirst("\\{", "{\"n\":" + pick("1e999999", "-1e-999999", "123456789012345678901234567890", "NaN", "-0", "0x10") + ",");
            case 10 -> s.replaceFirst("\\{", "{\"option\":\"cancel\",\"option\":\"x\",\"id\":1,\"id\":\"y\",");   // duplicate keys
            case 11 -> withNasty(valid);
            default -> s;
        };
    }

    String withField(JsonObject o, String key, JsonValue v) {
        JsonObjectBuilder b = Json.createObjectBuilder(o);
        b.add(key, v);
        return b.build().toString();
    }

    /** Every string in the object, one level down, replaced by something nasty now and then. */
    String withNasty(JsonObject o) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        o.forEach((k, v) -> {
            if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObjectBuilder inner = Json.createObjectBuilder();
                v.asJsonObject().forEach((k2, v2) -> inner.add(random.nextBoolean() ? k2 : nasty(), random.nextBoolean() ? v2 : Json.createValue(nasty())));
                b.add(k, inner);
            } else {
                b.add(k, random.nextBoolean() ? v : Json.createValue(nasty()));
            }
        });
        return b.build().toString();
    }

    JsonValue randomValue() {
        return switch (random.nextInt(8)) {
            case 0 -> JsonValue.NULL;
            case 1 -> JsonValue.TRUE;
            case 2 -> Json.createValue(random.nextLong());
            case 3 -> Json.createValue(random.nextDouble() * 1e300);
            case 4 -> Json.createArrayBuilder().add(nasty()).add(1).addNull().build();
            case 5 -> Json.createObjectBuilder().add(nasty(), nasty()).build();
            case 6 -> Json.createValue("z".repeat(random.nextInt(70_000)));
            default -> Json.createValue(nasty());
        };
    }

    String nasty() {
        return random.nextInt(4) == 0 ? randomUnicode() : pick(NASTY);
    }

    String randomUnicode() {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x1F300 + random.nextInt(0x300);
                default -> 0x20 + random.nextInt(0x5F);
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    byte[] randomBytes() {
        byte[] b = new byte[1 + random.nextInt(200)];
        random.nextBytes(b);
        return b;
    }

    String garbageSegment() {
        return pick("x", "%00", "%0d%0a", "..", "%2e%2e", "%E2%80%AE", "%FF%FE", "a%20b", "%25", ";jsessionid=1", "%3B",
                "A".repeat(1 + random.nextInt(3000)), encode(randomUnicode()), "12345678", "\u00e9t\u00e9".replace("\u00e9", "%C3%A9"));
    }

    String rawSegment() {
        return pick("%00", "%0d%0a", "%2F", "..;", "%u0000", "%C0%AE", "x?y=%ZZ", "a%", "%%", "\u00e9", "~!$&'()*+,;=:@", "A".repeat(2000));
    }

    String badAuthorization() {
        return pick(null, "Bearer", "Bearer ", "Bearer " + "x".repeat(random.nextInt(5000)), "Bearer ..", "Basic !!!", "Basic ",
                Api.basic("admin:wrong"), Api.basic("nocolon"), Api.basic(Api.GUEST), "Digest x", "bearer " + nasty().replaceAll("[\\r\\n\\u0000]", ""));
    }

    String contentType() {
        return pick(CONTENT_TYPES);
    }

    JsonObject startBody() {
        return Json.createObjectBuilder().add("additionalParams", Json.createObjectBuilder().add("a", 1).add("b", "c"))
                .add("flowId", "fuzz" + Long.toHexString(random.nextLong() >>> 4)).build();
    }

    JsonObject respondBody() {
        return Json.createObjectBuilder().add("option", pick("client_input", "resend", "cancel", "failure", "custom"))
                .add("data", Json.createObjectBuilder().add("email", random.nextInt(8) == 0 ? nasty() : "fuzz@example.com")
                        .add("passcode", "123456")).build();
    }

    /** A valid journey, sometimes without an id (the path's counts) or with a very long step id. */
    JsonObject journeyBody() {
        JsonObject j = fuzzJourney("fuzz_x");
        return switch (random.nextInt(3)) {
            case 0 -> Json.createObjectBuilder(j).remove("id").build();
            case 1 -> Json.createObjectBuilder(Json.createObjectBuilder(j).remove("id").build())
                    .add("start", "s".repeat(150)).add("steps", Json.createObjectBuilder(j.getJsonObject("steps"))
                            .add("s".repeat(150), Json.createObjectBuilder().add("type", "complete"))).build();
            default -> j;
        };
    }

    JsonObject connectionBody(String name) {
        return Json.createObjectBuilder().add("name", name).add("channel", pick("email", "sms", "push", "fax"))
                .add("provider", pick("outbox", "smtp", "twilio", "sms_webservice", "email_webservice", "apns", "fcm", "nope"))
                .add("settings", Json.createObjectBuilder().add("host", "127.0.0.1").add("port", 1).add("fromAddress", "a@b.c")
                        .add("url", "http://127.0.0.1:1/").add("bodyTemplate", "${to}").add("accountSid", "AC1").add("from", "+15550001111"))
                .add("secrets", Json.createObjectBuilder().add("password", "p")).build();
    }

    JsonObject pushTokenBody() {
        return Json.createObjectBuilder().add("userId", "fuzz").add("token", "t" + random.nextInt()).add("provider", "fcm").build();
    }

    static JsonObject fuzzJourney(String id) {
        return Json.createObjectBuilder().add("id", id).add("start", "identify").add("steps", Json.createObjectBuilder()
                .add("identify", Json.createObjectBuilder().add("type", "form").add("formId", "identify")
                        .add("schema", Json.createObjectBuilder().add("email", Json.createObjectBuilder()
                                .add("type", "string").add("required", true)))
                        .add("output", "identify").add("next", "otp"))
                .add("otp", Json.createObjectBuilder().add("type", "generic_otp_authentication")
                        .add("externalUserId", "identify.email").add("channel", "email")
                        .add("email", Json.createObjectBuilder().add("connection", "fuzz-outbox").add("recipients", "identify.email")
                                .add("subject", "Code").add("body", "Your code is ${otp}."))
                        .add("failureBehavior", "abort").add("next", "done"))
                .add("done", Json.createObjectBuilder().add("type", "complete"))).build();
    }

    // --- the journey before and after ---

    void setUp() {
        JsonObject conn = Json.createObjectBuilder().add("name", "fuzz-outbox").add("channel", "email").add("provider", "outbox").build();
        assertThat(api.admin("PUT", "/connections/fuzz-outbox", conn).status()).isIn(200, 201);
        assertThat(api.admin("PUT", "/journeys/fuzz_email", fuzzJourney("fuzz_email")).status()).isIn(200, 201);
    }

    String[] startFlow() {
        JsonObject form = api.start("fuzz_email", null).json();
        return new String[] {form.getString("flowId"), form.getString("interactionToken")};
    }

    void completeAJourney() {
        setUp();
        String to = "after-fuzz-" + Long.toHexString(random.nextLong() >>> 4) + "@example.com";
        JsonObject form = api.start("fuzz_email", null).json();
        JsonObject otp = api.respond(form, "client_input", Api.obj("email", to)).json();
        assertThat(otp.getString("journeyStepId")).isEqualTo("genericOTPAuthentication");
        JsonArray box = api.admin("GET", "/outbox?limit=1&to=" + encode(to), null).structure().asJsonArray();
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(box.getJsonObject(0).getString("text"));
        assertThat(m.find()).isTrue();
        JsonObject done = api.passcode(otp, m.group(1)).json();
        assertThat(done.getString("type")).isEqualTo("journey_success");
    }

    // --- small things ---

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return t.length() > 160 ? t.substring(0, 160) + "…(" + s.length() + " chars)" : t;
    }
}
