package io.watchword.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The contract's error codes are written once, and the published problem types are among them. */
class ErrorCodesTest {

    private static List<String> codes() {
        return Arrays.stream(ErrorCodes.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(ErrorCodesTest::value)
                .toList();
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCodeIsASnakeCaseWordAndNoneIsDefinedTwice() {
        assertThat(codes()).allMatch(c -> c.matches("[a-z]+(_[a-z]+)*")).doesNotHaveDuplicates();
    }

    @Test
    void everyProblemTypeTheOpenApiDocumentNamesIsAnErrorCode() throws IOException {
        String openApi;
        try (InputStream in = getClass().getResourceAsStream("/openapi/watchword.json")) {
            openApi = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TreeSet<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("urn:watchword:problem:([a-z_]+)").matcher(openApi);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).isNotEmpty();
        assertThat(codes()).containsAll(named);
    }
}
