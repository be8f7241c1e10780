package io.watchword.platform;

/** Checks of query parameters shared by the list endpoints. */
public final class Limits {

    private Limits() {
    }

    /** A page size: absent → {@code def}; not a whole number from 1 to {@code max} → 400 naming the parameter. */
    public static int pageSize(String name, String raw, int def, int max) {
        if (raw == null || raw.isBlank()) {
            return def;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid(name, "must be a whole number from 1 to " + max);
    }
}
