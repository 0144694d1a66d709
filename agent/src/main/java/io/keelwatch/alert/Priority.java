package io.keelwatch.alert;

import java.util.Locale;

/** Falco's priorities, most severe first; the ordinal orders them. */
public enum Priority {
    EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG;

    /** Parses a Falco priority name, case-insensitive; {@code info} is {@code informational}. */
    public static Priority of(String s) {
        String n = s.toUpperCase(Locale.ROOT);
        return n.equals("INFO") ? INFORMATIONAL : valueOf(n);
    }

    /** Whether this priority is at least as severe as {@code min}. */
    public boolean atLeast(Priority min) {
        return ordinal() <= min.ordinal();
    }

    /** The Alertmanager {@code severity} label: critical, error, warning or info. */
    public String severity() {
        return switch (this) {
            case EMERGENCY, ALERT, CRITICAL -> "critical";
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTICE, INFORMATIONAL, DEBUG -> "info";
        };
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
