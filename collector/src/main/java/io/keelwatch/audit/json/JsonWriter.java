package io.keelwatch.audit.json;

/**
 * A minimal streaming JSON writer into a {@link StringBuilder}: objects, arrays, strings (escaped per
 * RFC 8259, control characters as {@code \\u00XX}), numbers, booleans, null. Commas are tracked per
 * nesting level. Reusable: {@link #reset()} between documents keeps the buffer's capacity.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private long firstFlags = 1;
    private int depth;
    private boolean afterName;

    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    public JsonWriter() {
        this(new StringBuilder(512));
    }

    public StringBuilder buffer() {
        return out;
    }

    public JsonWriter reset() {
        out.setLength(0);
        depth = 0;
        firstFlags = 1;
        afterName = false;
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        long bit = 1L << depth;
        if ((firstFlags & bit) != 0) {
            firstFlags &= ~bit;
        } else {
            out.append(',');
        }
    }

    private void open(char c) {
        separate();
        out.append(c);
        if (++depth > 62) {
            throw new IllegalStateException("JSON nested too deep");
        }
        firstFlags |= 1L << depth;
    }

    private void close(char c) {
        firstFlags &= ~(1L << depth);
        depth--;
        out.append(c);
    }

    public JsonWriter beginObject() {
        open('{');
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        open('[');
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    /** Writes a name and a string value unless the value is null. */
    public JsonWriter field(String name, String value) {
        if (value != null) {
            name(name).value(value);
        }
        return this;
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
