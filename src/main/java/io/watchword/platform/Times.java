package io.watchword.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Time as the contract writes it: ISO-8601 UTC to the second, durations in whole seconds rounded up. */
public final class Times {

    private Times() {
    }

    /** The instant as a UTC {@code OffsetDateTime}: how native SQL binds a timestamp with time zone. */
    public static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    public static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Whole seconds from {@code now} until {@code until}, rounded up, never negative. */
    public static long secondsUntil(Instant now, Instant until) {
        return ceilSeconds(Duration.between(now, until));
    }

    public static long ceilSeconds(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return 0;
        }
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
