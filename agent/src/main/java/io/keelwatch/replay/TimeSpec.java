package io.keelwatch.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in time given on the command line: ISO-8601 ({@code 2026-11-24T14:04:26Z}, with an offset,
 * or without one meaning UTC, or a date) or epoch time (seconds, with a fraction or not, or ms when
 * the number is too large to be seconds).
 */
public final class TimeSpec {

    /** Epoch values at or above this are taken as milliseconds (year 5138 in seconds). */
    static final long MS_THRESHOLD = 100_000_000_000L;

    private TimeSpec() {
    }

    /** Milliseconds since the epoch; IllegalArgumentException naming the text when it is neither form. */
    public static long parseMs(String text) {
        String s = text.trim();
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') && s.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
                && s.indexOf('-', 1) < 0) {
            try {
                if (s.indexOf('.') >= 0) {
                    return Math.round(Double.parseDouble(s) * 1000);
                }
                long v = Long.parseLong(s);
                return Math.abs(v) >= MS_THRESHOLD ? v : v * 1000;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a time: '" + text + "'");
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time (ISO-8601 or epoch seconds/ms): '" + text + "'");
        }
    }
}
