package io.keelwatch.rules.lang;

/**
 * The lexical classes of Falco's filter grammar, as end offsets from a start (the start itself when
 * nothing matches). Each is a single forward scan, linear in what it reads.
 */
final class FieldLexer {
    private FieldLexer() { }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code [a-zA-Z]+[a-zA-Z0-9_]*}: a macro or list name. */
    static int identifier(String s, int at) {
        int j = at;
        if (j >= s.length() || !letter(s.charAt(j))) {
            return at;
        }
        while (j < s.length() && (letter(s.charAt(j)) || digit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j;
    }

    /** An identifier followed by one or more {@code .identifier}: a field name. */
    static int fieldName(String s, int at) {
        int j = identifier(s, at);
        if (j == at) {
            return at;
        }
        int parts = 0;
        while (j < s.length() && s.charAt(j) == '.') {
            int k = identifier(s, j + 1);
            if (k == j + 1) {
                break;
            }
            j = k;
            parts++;
        }
        return parts == 0 ? at : j;
    }

    /** {@code [^()"'[:space:]=,]+}: a bare string value. */
    static int bareString(String s, int at) {
        int j = at;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' || Character.isWhitespace(c)
                    || c == 0x0b || c == '\f') {
                break;
            }
            j++;
        }
        return j;
    }

    /** {@code 0[xX][0-9a-fA-F]+} or {@code [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?}. */
    static int number(String s, int at) {
        int j = at;
        if (j + 2 < s.length() + 0 && s.charAt(j) == '0' && (s.charAt(j + 1) == 'x' || s.charAt(j + 1) == 'X')
                && Character.digit(s.charAt(j + 2), 16) >= 0) {
            j += 2;
            while (j < s.length() && Character.digit(s.charAt(j), 16) >= 0) {
                j++;
            }
            return j;
        }
        if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
        }
        int d = j;
        while (j < s.length() && digit(s.charAt(j))) {
            j++;
        }
        if (j == d) {
            return at;
        }
        if (j < s.length() && s.charAt(j) == '.') {
            j++;
        }
        while (j < s.length() && digit(s.charAt(j))) {
            j++;
        }
        if (j + 2 < s.length() + 0 && (s.charAt(j) == 'e' || s.charAt(j) == 'E')
                && (s.charAt(j + 1) == '+' || s.charAt(j + 1) == '-') && digit(s.charAt(j + 2))) {
            j += 2;
            while (j < s.length() && digit(s.charAt(j))) {
                j++;
            }
        }
        return j;
    }

    /**
     * Keelwatch's duration literals on numeric fields ({@code container.age > 30d}): a unit directly
     * after an integer, ending the token. Returns {@code at} unchanged when none.
     */
    static int durationSuffix(String s, int at) {
        if (at == 0 || !digit(s.charAt(at - 1))) {
            return at;
        }
        for (String u : new String[] {"ms", "s", "m", "h", "d", "w"}) {
            int end = at + u.length();
            if (s.startsWith(u, at) && (end == s.length() || !letter(s.charAt(end)) && !digit(s.charAt(end)))) {
                return end;
            }
        }
        return at;
    }
}
