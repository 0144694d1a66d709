package io.keelwatch.rules.lang;

import java.time.Duration;

/** Durations as rule files write them: {@code 90}, {@code 60s}, {@code 5m}, {@code 2h}, {@code 30d}, {@code 500ms}. */
public final class Durations {
    private Durations() { }

    /** The duration, or {@code null} when the text is not one. */
    public static Duration parse(String s) {
        if (s == null) {
            return null;
        }
        s = s.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        return switch (unit) {
            case "", "s" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> null;
        };
    }
}
