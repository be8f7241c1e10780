package io.watchword.channel.provider.webservice;

import io.watchword.channel.provider.JsonSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web service's {@code bodyTemplate}: {@code ${name}} placeholders replaced by message values
 * escaped for the body's content type, so a recipient or text can never break out of its
 * JSON string or form field. Replacement is one pass: a value that itself contains
 * {@code ${text}} is not expanded again. Unknown placeholders stay as written.
 */
final class BodyTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private BodyTemplate() {
    }

    static String render(String template, Map<String, String> values, String contentType) {
        UnaryOperator<String> escape = escaperFor(contentType);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String name = m.group(1);
            String replacement = values.containsKey(name)
                    ? escape.apply(values.get(name) == null ? "" : values.get(name))
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** JSON for {@code application/json} and {@code +json} types, URL-encoding for forms. */
    static UnaryOperator<String> escaperFor(String contentType) {
        String type = contentType == null ? ""
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return JsonSupport::escape;
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return v -> URLEncoder.encode(v, StandardCharsets.UTF_8);
        }
        return UnaryOperator.identity();
    }
}
