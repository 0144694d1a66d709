package io.keelwatch.audit;

/**
 * Walks the {@code key=value} fields of a record body one at a time, in line order, without storing
 * them: the one tokenizer of the collector. {@link FieldIndexer} builds a record's index from it, and
 * decoders that read a record once ({@link RecordParts}) walk it directly and never build an index.
 *
 * <p>What it recognises: plain, {@code "quoted"}, {@code {braced}} and null-ish ({@code ?},
 * {@code (null)}, {@code (none)}, {@code unset}, empty) values; a user-space {@code msg='...'} is one
 * field of kind NESTED and its own fields follow it, flagged {@link AuditRecord#F_NESTED}. Words without
 * {@code =} (AVC's {@code avc: denied}, TTY's {@code tty}, {@code (enforce)}) and bare {@code { ... }}
 * groups are skipped. Lenient by design: the line already passed {@link AuditLineParser}'s body check,
 * so an odd shape yields fewer or shorter fields, never an error.
 *
 * <p>Each name's {@link FieldName} code is computed while its bytes are scanned (none in the ENRICHED tail).
 */
final class FieldCursor {
    private static final int K_PLAIN = AuditRecord.ValueKind.PLAIN.ordinal();
    private static final int K_QUOTED = AuditRecord.ValueKind.QUOTED.ordinal();
    private static final int K_BRACED = AuditRecord.ValueKind.BRACED.ordinal();
    private static final int K_NULLISH = AuditRecord.ValueKind.NULLISH.ordinal();
    private static final int K_NESTED = AuditRecord.ValueKind.NESTED.ordinal();

    private final byte[] b;
    private final boolean enriched;
    private int p;
    private int end;
    /** Inside a {@code msg='...'}: where the outer walk goes on once its fields are done. */
    private boolean nested;
    private int outerP;
    private int outerEnd;
    /** Codes met so far, for {@link #nextNewName}: codes 0-63, then 64-127 ({@link FieldName} has at most 128). */
    private long seenLow;
    private long seenHigh;

    private int nameStart;
    private int nameEnd;
    private int valueStart;
    private int valueEnd;
    private int kind;
    private int flags;
    private int code;

    /** @param enriched whether {@code b[from, end)} is the ENRICHED tail (its fields get no name codes) */
    FieldCursor(byte[] b, int from, int end, boolean enriched) {
        this.b = b;
        this.p = from;
        this.end = end;
        this.enriched = enriched;
    }

    /** Moves to the next field; false when there is none. */
    boolean next() {
        while (!scan()) {
            if (!nested) {
                return false;
            }
            nested = false;
            p = outerP;
            end = outerEnd;
        }
        return true;
    }

    /**
     * Moves to the next field whose name has not been met yet in this walk (by {@link FieldName} code): the
     * first field of a name wins, as a lookup by name has it. Fields of names the table lacks all share
     * code 0, so only the first of them is shown.
     */
    boolean nextNewName() {
        while (next()) {
            // Java shifts a long by the count mod 64, so one bit expression serves both halves.
            long bit = 1L << code;
            if (code < 64) {
                if ((seenLow & bit) == 0) {
                    seenLow |= bit;
                    return true;
                }
            } else if ((seenHigh & bit) == 0) {
                seenHigh |= bit;
                return true;
            }
        }
        return false;
    }

    int nameStart() { return nameStart; }

    int nameEnd() { return nameEnd; }

    int valueStart() { return valueStart; }

    int valueEnd() { return valueEnd; }

    /** The {@link AuditRecord.ValueKind} ordinal. */
    int kind() { return kind; }

    /** The kind with {@link AuditRecord#F_NESTED} when it applies. */
    int flags() { return flags; }

    /** The name's {@link FieldName} code. */
    int code() { return code; }

    /** Finds the next field in {@code [p, end)}; false at its end. */
    private boolean scan() {
        byte[] b = this.b;
        while (true) {
            while (p < end && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            if (p >= end) {
                return false;
            }
            byte c = b[p];
            if (c == AuditLineParser.ENRICHED_SEPARATOR) {
                if (!enriched) {
                    p = end;
                    return false;
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
            nameStart = ns;
            nameEnd = ne;
            code = enriched ? FieldName.UNKNOWN : FieldName.code(hash, b, ns, ne);
            int vs = p;
            int ve;
            int k;
            if (p < end && b[p] == '"') {
                ve = closing(b, p + 1, end, (byte) '"');
                vs++;
                k = K_QUOTED;
                p = Math.min(ve + 1, end);
            } else if (p < end && b[p] == '\'' && !nested) {
                boolean isMsg = ne - ns == 3 && b[ns] == 'm' && b[ns + 1] == 's' && b[ns + 2] == 'g';
                ve = isMsg ? nestedEnd(b, p + 1, end) : closing(b, p + 1, end, (byte) '\'');
                vs++;
                p = ve < end && b[ve] == '\'' ? ve + 1 : ve;
                if (isMsg) {
                    // This field first; then the fields inside it, then on after its closing quote.
                    set(K_NESTED, vs, ve);
                    outerP = p;
                    outerEnd = end;
                    nested = true;
                    p = vs;
                    end = ve;
                    return true;
                }
                k = K_QUOTED;
            } else if (p < end && b[p] == '{') {
                ve = closing(b, p + 1, end, (byte) '}');
                if (ve < end) {
                    vs++;
                    k = K_BRACED;
                    p = ve + 1;
                } else {
                    ve = wordEnd(b, vs, end);
                    k = K_PLAIN;
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
                k = nullish(b, vs, ve) ? K_NULLISH : K_PLAIN;
            }
            set(k, vs, ve);
            return true;
        }
    }

    private void set(int kind, int vs, int ve) {
        this.kind = kind;
        valueStart = vs;
        valueEnd = ve;
        flags = kind | (nested ? AuditRecord.F_NESTED : 0);
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
}
