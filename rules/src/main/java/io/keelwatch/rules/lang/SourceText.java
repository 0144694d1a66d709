package io.keelwatch.rules.lang;

/**
 * A YAML scalar's value together with where it came from, so that an offset in the value (a
 * condition's token) maps back to a line and column in the file, through quotes, folding and
 * block indentation.
 */
public final class SourceText {
    private final String file;
    private final String value;
    private final String raw;
    private final int rawStart;
    private final Location fixed;
    private final SourceText[] parts;
    private final int[] partStarts;

    /**
     * @param file     file name for locations
     * @param value    the scalar's value as YAML produced it
     * @param raw      the whole file text, or {@code null} when unknown
     * @param rawStart index in {@code raw} of the scalar's first content character
     */
    public SourceText(String file, String value, String raw, int rawStart) {
        this.file = file;
        this.value = value;
        this.raw = raw;
        this.rawStart = rawStart;
        this.fixed = null;
        this.parts = null;
        this.partStarts = null;
    }

    private SourceText(String file, String value, Location fixed, SourceText[] parts, int[] partStarts) {
        this.file = file;
        this.value = value;
        this.raw = null;
        this.rawStart = 0;
        this.fixed = fixed;
        this.parts = parts;
        this.partStarts = partStarts;
    }

    /** Generated text (exception clauses) that reports every offset at one place. */
    public static SourceText at(Location where, String value) {
        return new SourceText(where.file(), value, where, null, null);
    }

    /** {@code a + " " + b}, each part keeping its own locations: appended conditions. */
    public static SourceText join(SourceText a, SourceText b) {
        String v = a.value + " " + b.value;
        return new SourceText(a.file, v, null, new SourceText[] {a, b}, new int[] {0, a.value.length() + 1});
    }

    /** Text without a file behind it (tests, synthetic rules). */
    public static SourceText synthetic(String name, String value) {
        return new SourceText(name, value, value, 0);
    }

    public String value() {
        return value;
    }

    public String file() {
        return file;
    }

    /** Where the character at {@code offset} of the value stands in the file. */
    public Location locate(int offset) {
        if (fixed != null) {
            return fixed;
        }
        if (parts != null) {
            int k = offset >= partStarts[1] ? 1 : 0;
            return parts[k].locate(Math.max(0, offset - partStarts[k]));
        }
        int r = rawIndexOf(offset);
        if (raw == null) {
            return new Location(file, 1, offset + 1);
        }
        int line = 1;
        int col = 1;
        for (int i = 0; i < r && i < raw.length(); i++) {
            if (raw.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Location(file, line, col);
    }

    /*
     * Greedy alignment of value characters onto the raw text: whitespace in the value may stand for
     * a line break plus indentation in the raw (folding), quotes and escapes are stepped over.
     */
    private int rawIndexOf(int offset) {
        if (raw == null) {
            return offset;
        }
        int r = rawStart;
        int n = raw.length();
        int end = Math.min(offset, value.length());
        for (int i = 0; i < end && r < n; i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                if (r < n && Character.isWhitespace(raw.charAt(r))) {
                    r++;
                    while (r < n && Character.isWhitespace(raw.charAt(r))
                            && (i + 1 >= value.length() || !Character.isWhitespace(value.charAt(i + 1)))) {
                        r++;
                    }
                }
            } else {
                int probe = r;
                while (probe < n && raw.charAt(probe) != c && probe - r < 8) {
                    probe++;
                }
                r = probe < n && raw.charAt(probe) == c ? probe + 1 : r + 1;
            }
        }
        if (offset < value.length() && !Character.isWhitespace(value.charAt(offset))) {
            while (r < n && Character.isWhitespace(raw.charAt(r))) {
                r++;
            }
        }
        return Math.min(r, n);
    }
}
