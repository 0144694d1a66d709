package io.keelwatch.audit;

/**
 * Byte-level helpers for field values: which names carry kernel-encoded (hex or quoted) strings, hex
 * decoding, number parsing. Names follow the field dictionary type {@code encoded} (notes §1.4); the
 * decision is by name, never by the value's shape.
 */
final class FieldCodec {
    private FieldCodec() { }

    /**
     * Whether an unquoted value of this field is hex-encoded bytes. EXECVE's {@code aN} and {@code aN[i]}
     * are encoded; SYSCALL's {@code a0..a3} are numbers, hence the record type.
     */
    static boolean isEncoded(byte[] b, int s, int e, int recordType) {
        return isEncoded(b, s, e, recordType, FieldName.code(b, s, e));
    }

    /** {@link #isEncoded(byte[], int, int, int)} for a name whose {@link FieldName} code is known. */
    static boolean isEncoded(byte[] b, int s, int e, int recordType, int code) {
        int len = e - s;
        if (len >= 2 && b[s] == 'a' && isDigit(b[s + 1])) {
            if (recordType != RecordType.EXECVE) {
                return false;
            }
            int i = s + 1;
            while (i < e && isDigit(b[i])) {
                i++;
            }
            return i == e || b[i] == '[';
        }
        return FieldName.encoded(code);
    }

    // ---- a value's meaning, from its kind (AuditRecord.ValueKind ordinal) and bytes b[s, e) ----

    private static final int K_PLAIN = AuditRecord.ValueKind.PLAIN.ordinal();
    private static final int K_BRACED = AuditRecord.ValueKind.BRACED.ordinal();
    private static final int K_NULLISH = AuditRecord.ValueKind.NULLISH.ordinal();

    /**
     * The interpreted text: {@code null} for null-ish values, hex-decoded for an encoded name's unquoted
     * hex, trimmed inside braces, else the bytes as written (between the quotes) as UTF-8.
     */
    static String text(byte[] b, int kind, int s, int e, boolean encoded) {
        if (kind == K_NULLISH) {
            return null;
        }
        if (kind == K_PLAIN && encoded && isHex(b, s, e)) {
            return new String(unhex(b, s, e), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (kind == K_BRACED) {
            while (s < e && b[s] == ' ') {
                s++;
            }
            while (e > s && b[e - 1] == ' ') {
                e--;
            }
        }
        return new String(b, s, e - s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The value's bytes as {@link #text} reads them (braces not trimmed); {@code null} for null-ish. */
    static byte[] bytes(byte[] b, int kind, int s, int e, boolean encoded) {
        if (kind == K_NULLISH) {
            return null;
        }
        if (kind == K_PLAIN && encoded && isHex(b, s, e)) {
            return unhex(b, s, e);
        }
        return java.util.Arrays.copyOfRange(b, s, e);
    }

    static long decimal(byte[] b, int kind, int s, int e, long dflt) {
        return kind == K_NULLISH ? dflt : parseDecimal(b, s, e, dflt);
    }

    static long hex(byte[] b, int kind, int s, int e, long dflt) {
        return kind == K_NULLISH ? dflt : parseHex(b, s, e, dflt);
    }

    static long octal(byte[] b, int kind, int s, int e, long dflt) {
        return kind == K_NULLISH ? dflt : parseOctal(b, s, e, dflt);
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** Whether {@code b[s,e)} is a non-empty even-length run of hex digits. */
    static boolean isHex(byte[] b, int s, int e) {
        if (e <= s || ((e - s) & 1) != 0) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (hexDigit(b[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes hex pairs; the caller checked {@link #isHex}. */
    static byte[] unhex(byte[] b, int s, int e) {
        byte[] out = new byte[(e - s) / 2];
        for (int i = 0, p = s; i < out.length; i++, p += 2) {
            out[i] = (byte) (hexDigit(b[p]) << 4 | hexDigit(b[p + 1]));
        }
        return out;
    }

    /** Decimal (optionally negative) value, or {@code dflt} when not a number or out of range. */
    static long parseDecimal(byte[] b, int s, int e, long dflt) {
        if (s >= e) {
            return dflt;
        }
        boolean neg = b[s] == '-';
        int i = neg ? s + 1 : s;
        if (i >= e || e - i > 19) {
            return dflt;
        }
        long v = 0;
        for (; i < e; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return dflt;
            }
            v = v * 10 + (c - '0');
            if (v < 0) {
                return dflt;
            }
        }
        return neg ? -v : v;
    }

    /** Unsigned hex up to 64 bits (SYSCALL a0..a3, arch, cap_*), or {@code dflt}. */
    static long parseHex(byte[] b, int s, int e, long dflt) {
        if (s >= e || e - s > 16) {
            return dflt;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = hexDigit(b[i]);
            if (d < 0) {
                return dflt;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** Octal (PATH mode), or {@code dflt}. */
    static long parseOctal(byte[] b, int s, int e, long dflt) {
        if (s >= e || e - s > 21) {
            return dflt;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c < '0' || c > '7') {
                return dflt;
            }
            v = v << 3 | (c - '0');
        }
        return v;
    }

    /**
     * Whether {@code a[0, a.length)} equals {@code b[s, s + a.length)} (the caller checked the range). A
     * plain loop: names and header words are a few bytes, for which {@code Arrays.equals} costs more
     * in range checks than it saves, above all in C1 code.
     */
    static boolean sameBytes(byte[] a, byte[] b, int s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[s + i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsAscii(byte[] b, int s, int e, String name) {
        int len = name.length();
        if (e - s != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[s + i] != (byte) name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
