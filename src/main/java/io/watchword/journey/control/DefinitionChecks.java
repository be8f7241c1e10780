package io.watchword.journey.control;

import io.watchword.platform.FieldError;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field-level checks of a journey document that collect every error instead of stopping at
 * the first: the admin API answers 400 with all of them. Paths are dotted JSON paths.
 */
final class DefinitionChecks {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** EL keywords cannot name a variable: {@code empty} or {@code div} would never be read back. */
    private static final Set<String> EL_KEYWORDS = Set.of(
            "and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "true", "false", "null",
            "instanceof", "empty", "div", "mod");

    private static final String PASSCODE_FIELDS = "message, subject, body, title, text";

    private final Expressions expressions;
    private final List<FieldError> errors = new ArrayList<>();

    DefinitionChecks(Expressions expressions) {
        this.expressions = expressions;
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /** A string field; null (after reporting, when required) if it is absent or not a string. */
    String string(JsonObject owner, String at, String field, boolean required) {
        JsonValue value = owner.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                error(path(at, field), "is required");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            error(path(at, field), "must be a string");
            return null;
        }
        String text = ((JsonString) value).getString();
        if (required && text.isBlank()) {
            error(path(at, field), "must not be empty");
            return null;
        }
        return text;
    }

    /**
     * A required connection reference (contract §8): one name, or a non-empty array of distinct
     * names tried in order. Each is looked up when the step runs, not here.
     */
    void connections(JsonObject owner, String at, String field) {
        JsonValue value = owner.get(field);
        if (value instanceof jakarta.json.JsonArray a) {
            if (a.isEmpty()) {
                error(path(at, field), "must name at least one connection");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < a.size(); i++) {
                JsonValue v = a.get(i);
                if (!(v instanceof JsonString s) || s.getString().isBlank()) {
                    error(path(at, field) + "." + i, "must be a connection name");
                } else if (!seen.add(s.getString())) {
                    error(path(at, field) + "." + i, "names '" + s.getString() + "' twice");
                }
            }
            return;
        }
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL
                && value.getValueType() != JsonValue.ValueType.STRING) {
            error(path(at, field), "must be a connection name or an array of them");
            return;
        }
        string(owner, at, field, true);
    }

    /** An object field; null (after reporting, when required) if it is absent or not an object. */
    JsonObject object(JsonObject owner, String at, String field, boolean required) {
        JsonValue value = owner.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                error(path(at, field), "is required");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            error(path(at, field), "must be an object");
            return null;
        }
        return value.asJsonObject();
    }

    /** An expression (written without {@code ${}}) that must parse and may not use the passcode names. */
    void expression(JsonObject owner, String at, String field, boolean required) {
        String source = string(owner, at, field, required);
        if (source != null) {
            expressionText(path(at, field), source);
        }
    }

    void expressionText(String at, String source) {
        Optional<String> problem = expressions.expressionError(source);
        if (problem.isPresent()) {
            error(at, problem.get());
        } else {
            passcodeNameOutsideMessages(at, source);
        }
    }

    /**
     * An interpolated string that must parse; the passcode names are allowed only in the OTP
     * step's message fields.
     *
     * @return the parsed template, or empty when absent or broken
     */
    Optional<Template> template(JsonObject owner, String at, String field, boolean required, boolean passcodeNamesAllowed) {
        String source = string(owner, at, field, required);
        if (source == null) {
            return Optional.empty();
        }
        Optional<String> problem = expressions.templateError(source);
        if (problem.isPresent()) {
            error(path(at, field), problem.get());
            return Optional.empty();
        }
        try {
            Template template = Template.parse(source);
            if (!passcodeNamesAllowed) {
                template.segments().stream().filter(Template.Segment::expression)
                        .forEach(segment -> passcodeNameOutsideMessages(path(at, field), segment.text()));
            }
            return Optional.of(template);
        } catch (ExpressionException alreadyReported) {
            return Optional.empty();
        }
    }

    /** A step id that must exist in the journey. */
    void stepReference(JsonObject owner, String at, String field, boolean required, Set<String> stepIds) {
        String target = string(owner, at, field, required);
        if (target != null && !stepIds.contains(target)) {
            error(path(at, field), "names no step: '" + target + "'");
        }
    }

    /** An optional field naming a journey variable. */
    void variableName(JsonObject owner, String at, String field) {
        String name = string(owner, at, field, false);
        if (name != null) {
            variableNameText(path(at, field), name);
        }
    }

    void variableNameText(String at, String name) {
        if (!VARIABLE_NAME.matcher(name).matches() || EL_KEYWORDS.contains(name)) {
            error(at, "'" + name + "' is not a variable name (letters, digits and _, not starting with a digit, not an EL keyword)");
        } else if (JourneyFields.PASSCODE_NAMES.contains(name)) {
            error(at, "'" + name + "' is reserved for the passcode message fields (" + PASSCODE_FIELDS + ")");
        }
    }

    private void passcodeNameOutsideMessages(String at, String expression) {
        ExpressionText.topLevelUseOfAny(expression, JourneyFields.PASSCODE_NAMES).ifPresent(name ->
                error(at, "'" + name + "' exists only in the OTP step's message fields (" + PASSCODE_FIELDS + ")"));
    }
}
