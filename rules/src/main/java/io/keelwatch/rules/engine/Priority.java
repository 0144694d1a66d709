package io.keelwatch.rules.engine;

import java.util.Locale;

/** Falco's priorities, most severe first (syslog order). */
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
}
