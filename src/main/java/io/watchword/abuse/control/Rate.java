package io.watchword.abuse.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A rate limit as the settings write it, {@code N/PTxx}: at most {@code limit} events in a
 * window of {@code window} (whole seconds, at least one).
 */
public record Rate(int limit, Duration window) {

    public Rate {
        if (limit < 1 || window.getSeconds() < 1 || window.getNano() != 0) {
            throw new IllegalArgumentException("a positive count and a whole number of seconds");
        }
    }

    /** Parses {@code 60/PT1M}; throws {@link IllegalArgumentException} saying what is expected. */
    public static Rate parse(String raw) {
        String s = raw == null ? "" : raw.trim();
        int slash = s.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("N/duration, e.g. 60/PT1M");
        }
        try {
            return new Rate(Integer.parseInt(s.substring(0, slash).trim()), Duration.parse(s.substring(slash + 1).trim()));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("N/duration, e.g. 60/PT1M");
        }
    }

    public long windowSeconds() {
        return window.getSeconds();
    }

    @Override
    public String toString() {
        return limit + "/" + window;
    }
}
