package io.keelwatch.audit;

import java.util.Arrays;

/**
 * Builds a record's field index ({@link AuditRecord}'s three ints per field) from its body, on the first
 * field access. Lenient by design: the line already passed {@link AuditLineParser}'s body check, so an odd
 * shape yields fewer or shorter fields, never an error.
 */
final class FieldIndexer {
    private static final int K_PLAIN = AuditRecord.ValueKind.PLAIN.ordinal();
    private static final int K_QUOTED = AuditRecord.ValueKind.QUOTED.ordinal();
    private static final int K_BRACED = AuditRecord.ValueKind.BRACED.ordinal();
    private static final int K_NULLISH = AuditRecord.ValueKind.NULLISH.ordinal();
    private static final int K_NESTED = AuditRecord.ValueKind.NESTED.ordinal();

    private int[] scratch;
    private int count;

    private FieldIndexer(int expectedFields) {
        scratch = new int[AuditRecord.STRIDE * expectedFields];
    }

    /** Indexes the raw body {@code line[from, end)} on first field access. */
    static int[] indexRaw(byte[] line, int from, int end, int type) {
        FieldIndexer p = new FieldIndexer(expectedFields(end - from));
        p.fields(line, from, end, 0, type);
        return p.index();
    }

    /** Indexes the ENRICHED tail {@code line[from, end)} on first use. */
    static int[] indexTail(byte[] line, int from, int type) {
        FieldIndexer p = new FieldIndexer(expectedFields(line.length - from));
        p.fields(line, from, line.length, AuditRecord.F_ENRICHED, type);
        return p.index();
    }

    /**
     * A first guess at the number of fields of a body this long: real records run 9 to 16 bytes a field
     * (PATH, SYSCALL), so this mostly holds them all without growing, and the index is trimmed to size.
     */
    private static int expectedFields(int bodyBytes) {
        return Math.max(4, Math.min(64, bodyBytes / 8));
    }

    private int[] index() {
        int n = count * AuditRecord.STRIDE;
        return n == scratch.length ? scratch : Arrays.copyOf(scratch, n);
    }

    /**
     * Indexes {@code key=value} fields of {@code b[p,end)}. Words without {@code =} (AVC's {@code avc:
     * denied}, TTY's {@code tty}, {@code (enforce)}) and bare {@code { ... }} groups are skipped.
     *
     * @return the offset of the ENRICHED separator that ended the raw body, or -1 at the end of the line
     */
    private int fields(byte[] b, int p, int end, int flags, int type) {
        boolean nested = (flags & AuditRecord.F_NESTED) != 0;
        boolean enriched = (flags & AuditRecord.F_ENRICHED) != 0;
        while (true) {
            while (p < end && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            if (p >= end) {
                return -1;
            }
            byte c = b[p];
            if (c == AuditLineParser.ENRICHED_SEPARATOR) {
                if (!enriched) {
                    return p;
                }
                p++;
                continue;
            }
            if (c == '{') {
                p = closing(b, p + 1, end, (byte) '}');
                p = p < end ? p + 1 : end;
                continue;
            }
            if (nested && c == '(') {
                p++;
                continue;
            }
            int ns = p;
            int hash = 0;
            while (p < end && b[p] != ' ' && b[p] != '=' && b[p] != AuditLineParser.ENRICHED_SEPARATOR) {
                hash = FieldName.hashStep(hash, b[p]);
                p++;
            }
            if (p >= end || b[p] != '=' || p == ns) {
                if (p < end && b[p] == '=') {
                    p = wordEnd(b, p, end);
                }
                continue;
            }
            int ne = p++;
            int code = enriched ? FieldName.UNKNOWN : FieldName.code(hash, b, ns, ne);
            int vs = p;
            int ve;
            int kind;
            if (p < end && b[p] == '"') {
                ve = closing(b, p + 1, end, (byte) '"');
                vs++;
                kind = K_QUOTED;
                p = Math.min(ve + 1, end);
            } else if (p < end && b[p] == '\'' && !nested) {
                boolean isMsg = ne - ns == 3 && b[ns] == 'm' && b[ns + 1] == 's' && b[ns + 2] == 'g';
                ve = isMsg ? nestedEnd(b, p + 1, end) : closing(b, p + 1, end, (byte) '\'');
                vs++;
                kind = isMsg ? K_NESTED : K_QUOTED;
                add(ns, vs, ve, kind | flags, code);
                if (isMsg) {
                    fields(b, vs, ve, flags | AuditRecord.F_NESTED, type);
                }
                p = ve < end && b[ve] == '\'' ? ve + 1 : ve;
                continue;
            } else if (p < end && b[p] == '{') {
                ve = closing(b, p + 1, end, (byte) '}');
                if (ve < end) {
                    vs++;
                    kind = K_BRACED;
                    p = ve + 1;
                } else {
                    ve = wordEnd(b, vs, end);
                    kind = K_PLAIN;
                    p = ve;
                }
            } else {
                ve = wordEnd(b, p, end);
                p = ve;
                if (nested) {
                    while (ve > vs && (b[ve - 1] == ',' || b[ve - 1] == ')')) {
                        ve--;
                    }
                }
                if (ve > vs + 1 && b[ve - 1] == '"') {
                    // A stray closing quote after hex (go-libaudit's audit-ubuntu17.log key=6578...74").
                    ve--;
                }
                kind = nullish(b, vs, ve) ? K_NULLISH : K_PLAIN;
            }
            add(ns, vs, ve, kind | flags, code);
        }
    }

    /**
     * The closing quote of {@code msg='...'}. The sender's values are not escaped, so a quoted value may
     * hold a {@code '} (an acct of {@code "system-property('xsl:vendor')/>"}): skip double-quoted runs, and
     * take a {@code '} followed by a separator. Unterminated (truncated) bodies end at the raw body's end.
     */
    private static int nestedEnd(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                int q = closing(b, p + 1, end, (byte) '"');
                if (q >= end) {
                    break;
                }
                p = q + 1;
            } else if (c == '\'' && (p + 1 == end || b[p + 1] == ' ' || b[p + 1] == AuditLineParser.ENRICHED_SEPARATOR)) {
                return p;
            } else if (c == AuditLineParser.ENRICHED_SEPARATOR) {
                return p;
            } else {
                p++;
            }
        }
        int q = p;
        while (q < end && b[q] != AuditLineParser.ENRICHED_SEPARATOR) {
            q++;
        }
        return q;
    }

    private static int wordEnd(byte[] b, int p, int end) {
        while (p < end && b[p] != ' ' && b[p] != AuditLineParser.ENRICHED_SEPARATOR) {
            p++;
        }
        return p;
    }

    static int closing(byte[] b, int p, int end, byte q) {
        while (p < end && b[p] != q) {
            p++;
        }
        return p;
    }

    private static boolean nullish(byte[] b, int s, int e) {
        int len = e - s;
        if (len == 0) {
            return true;
        }
        if (len == 1) {
            return b[s] == '?';
        }
        return (len == 6 && (FieldCodec.equalsAscii(b, s, e, "(null)") || FieldCodec.equalsAscii(b, s, e, "(none)")))
                || (len == 5 && FieldCodec.equalsAscii(b, s, e, "unset"));
    }

    /**
     * Three ints per field; the name's end follows from the value's start and kind, the name's
     * {@link FieldName} code rides in the top bits of the first (see {@link AuditRecord}).
     */
    private void add(int ns, int vs, int ve, int flags, int code) {
        int i = count * AuditRecord.STRIDE;
        if (i + AuditRecord.STRIDE > scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[i] = ns | flags << AuditRecord.FLAG_SHIFT | code << AuditRecord.CODE_SHIFT;
        scratch[i + 1] = vs;
        scratch[i + 2] = ve;
        count++;
    }
}
