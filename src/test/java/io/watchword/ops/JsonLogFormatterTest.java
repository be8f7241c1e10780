package io.watchword.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.platform.JsonLogFormatter;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    static JsonObject line(LogRecord r) {
        String text = new JsonLogFormatter().format(r);
        assertThat(text).endsWith(System.lineSeparator()).doesNotContain("\n{");
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void anEventLineCarriesItsTypeFlowIdAndWhitelistedFieldsOnly() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("channel", "email");
        fields.put("connection", "demo-email");
        fields.put("provider", "smtp");
        fields.put("recipient", "j\u2022\u2022\u2022@example.com");
        fields.put("to", "jane@example.com");
        fields.put("passcode", "483920");
        fields.put("authToken", "s3cr3t");
        fields.put("userId", "jane@example.com");
        LogRecord r = new LogRecord(Level.INFO, "otp.sent");
        r.setLoggerName("io.watchword.events");
        r.setParameters(new Object[] {new JsonLogFormatter.EventFields("otp.sent", "flow-123", fields)});
        JsonObject o = line(r);
        assertThat(o.getString("event")).isEqualTo("otp.sent");
        assertThat(o.getString("flowId")).isEqualTo("flow-123");
        assertThat(o.getString("level")).isEqualTo("INFO");
        assertThat(o.getString("logger")).isEqualTo("io.watchword.events");
        assertThat(o.getString("connection")).isEqualTo("demo-email");
        assertThat(o.keySet()).doesNotContain("recipient", "to", "passcode", "authToken", "userId");
        assertThat(o.toString()).doesNotContain("483920", "jane", "s3cr3t", "example.com");
    }

    @Test
    void aPlainLineIsJsonTooAndAnExceptionShowsOnlyItsClass() {
        LogRecord r = new LogRecord(Level.WARNING, "Retention: 3 flows");
        r.setLoggerName("io.watchword.retention.RetentionRound");
        r.setThrown(new IllegalStateException("jdbc:postgresql://db.internal/watchword password=hunter2"));
        JsonObject o = line(r);
        assertThat(o.getString("message")).isEqualTo("Retention: 3 flows");
        assertThat(o.getString("error")).isEqualTo("java.lang.IllegalStateException");
        assertThat(o.toString()).doesNotContain("hunter2", "db.internal");
        assertThat(o.containsKey("event")).isFalse();
    }
}
