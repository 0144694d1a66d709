package io.keelwatch.rules.engine;

/**
 * Shell-style glob ({@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [!x]}) matched without
 * regex or allocation; {@code *} crosses {@code /} as in Falco.
 */
final class Glob {
    private final String pattern;

    Glob(String pattern) {
        this.pattern = pattern;
    }

    boolean matches(String s) {
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = -1;
        while (i < s.length()) {
            if (p < pattern.length()) {
                char pc = pattern.charAt(p);
                if (pc == '*') {
                    starP = p++;
                    starI = i;
                    continue;
                }
                if (pc == '?') {
                    p++;
                    i++;
                    continue;
                }
                if (pc == '[') {
                    int end = classEnd(p);
                    if (end > 0) {
                        if (classMatches(p + 1, end, s.charAt(i))) {
                            p = end + 1;
                            i++;
                            continue;
                        }
                    } else if (s.charAt(i) == '[') {
                        p++;
                        i++;
                        continue;
                    }
                } else if (pc == '\\' && p + 1 < pattern.length()) {
                    if (pattern.charAt(p + 1) == s.charAt(i)) {
                        p += 2;
                        i++;
                        continue;
                    }
                } else if (pc == s.charAt(i)) {
                    p++;
                    i++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP + 1;
            i = ++starI;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private int classEnd(int open) {
        int j = open + 1;
        if (j < pattern.length() && (pattern.charAt(j) == '!' || pattern.charAt(j) == '^')) {
            j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
            j++;
        }
        while (j < pattern.length() && pattern.charAt(j) != ']') {
            j++;
        }
        return j < pattern.length() ? j : -1;
    }

    private boolean classMatches(int from, int end, char c) {
        boolean negate = pattern.charAt(from) == '!' || pattern.charAt(from) == '^';
        int j = negate ? from + 1 : from;
        boolean hit = false;
        while (j < end) {
            char lo = pattern.charAt(j);
            if (j + 2 < end && pattern.charAt(j + 1) == '-') {
                char hi = pattern.charAt(j + 2);
                if (c >= lo && c <= hi) {
                    hit = true;
                }
                j += 3;
            } else {
                if (c == lo) {
                    hit = true;
                }
                j++;
            }
        }
        return hit != negate;
    }
}
