package io.keelwatch.rules.engine;

import java.util.Locale;

/** Falco's priorities, most severe first (syslog order); the ordinal orders them. */
public enum Priority {
    EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG;

    /** Case-insensitive; {@code INFO} is accepted for INFORMATIONAL. Null when unknown. */
    public static Priority parse(String s) {
        if (s == null) {
            return null;
        }
        String u = s.trim().toUpperCase(Locale.ROOT);
        if (u.equals("INFO")) {
            return INFORMATIONAL;
        }
        for (Priority p : values()) {
            if (p.name().equals(u)) {
                return p;
            }
        }
        return null;
    }

    /**
     * {@link #parse}, for names already checked (configuration, a journaled setting).
     *
     * @throws IllegalArgumentException naming the value when it is no priority
     */
    public static Priority of(String s) {
        Priority p = parse(s);
        if (p == null) {
            throw new IllegalArgumentException("unknown priority '" + s
                    + "': one of emergency, alert, critical, error, warning, notice, informational (info), debug");
        }
        return p;
    }

    /** Whether this priority is at least as severe as {@code min}. */
    public boolean atLeast(Priority min) {
        return ordinal() <= min.ordinal();
    }

    /** The name as rule files, alerts and metrics labels write it: {@code warning}, {@code informational}. */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
