package io.keelwatch.rules.lang;

/**
 * Falco 0.38+'s list modifiers of a string operator: {@code f startswith oneof (a, b)}. {@code oneof}
 * and {@code anyof} hold when the comparison holds for one of the values, {@code allof} when it
 * holds for every one.
 */
public enum Modifier {
    ONEOF, ANYOF, ALLOF;

    /** The modifier as a condition writes it. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The modifier written {@code w}, or null. */
    static Modifier of(String w) {
        for (Modifier m : values()) {
            if (m.word().equals(w)) {
                return m;
            }
        }
        return null;
    }

    /** The modifier at {@code at} followed by a blank, or null. */
    static Modifier lex(String s, int at) {
        for (Modifier m : values()) {
            String w = m.word();
            int end = at + w.length();
            if (s.startsWith(w, at) && end < s.length() && ConditionParser.isBlank(s.charAt(end))) {
                return m;
            }
        }
        return null;
    }
}
