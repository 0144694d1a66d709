package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses audit records from their carriers: auditd log lines (RAW or ENRICHED, optional {@code node=},
 * named, numeric or {@code UNKNOWN[n]} types, the kmsg {@code audit: } prefix) and netlink payloads
 * ({@code audit(...): body} with the type in the netlink header). Works on bytes: one copy of the line
 * and one offset index per record, no String per field, no regex.
 *
 * <p>Not thread-safe: one parser per reading thread (it reuses a scratch index and caches the last node).
 */
public final class AuditLineParser {
    /** auditd's AUDIT_INTERP_SEPARATOR between the raw body and the ENRICHED tail. */
    public static final byte ENRICHED_SEPARATOR = 0x1D;

    private static final int K_PLAIN = AuditRecord.ValueKind.PLAIN.ordinal();
    private static final int K_QUOTED = AuditRecord.ValueKind.QUOTED.ordinal();
    private static final int K_BRACED = AuditRecord.ValueKind.BRACED.ordinal();
    private static final int K_NULLISH = AuditRecord.ValueKind.NULLISH.ordinal();
    private static final int K_NESTED = AuditRecord.ValueKind.NESTED.ordinal();
    private static final byte[] MSG_PREFIX = "msg=".getBytes(StandardCharsets.US_ASCII);

    private int[] scratch = new int[AuditRecord.STRIDE * 64];
    private int count;
    private byte[] lastNode;
    private String lastNodeString;

    /** Parses one log line; a trailing {@code \n} or {@code \r\n} is ignored. */
    public AuditRecord parseLine(byte[] buf, int off, int len) throws MalformedRecordException {
        int end = trimEnd(buf, off, off + len);
        return parse(Arrays.copyOfRange(buf, off, end), Integer.MIN_VALUE, null);
    }

    /**
     * Parses a netlink payload ({@code audit(SEC.MSEC:SERIAL): body}) of the given numeric type. The
     * record's {@link AuditRecord#text()} is the log-line form ({@code type=NAME msg=audit(...): body}),
     * so journaled records re-parse with {@link #parseLine}.
     */
    public AuditRecord parseNetlink(int type, byte[] payload, int off, int len) throws MalformedRecordException {
        int end = trimEnd(payload, off, off + len);
        String name = RecordType.name(type);
        byte[] line = new byte[5 + name.length() + 1 + MSG_PREFIX.length + (end - off)];
        int p = 0;
        line[p++] = 't';
        line[p++] = 'y';
        line[p++] = 'p';
        line[p++] = 'e';
        line[p++] = '=';
        for (int i = 0; i < name.length(); i++) {
            line[p++] = (byte) name.charAt(i);
        }
        line[p++] = ' ';
        System.arraycopy(MSG_PREFIX, 0, line, p, MSG_PREFIX.length);
        p += MSG_PREFIX.length;
        System.arraycopy(payload, off, line, p, end - off);
        return parse(line, type, name);
    }

    private static int trimEnd(byte[] b, int off, int end) {
        while (end > off && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == 0)) {
            end--;
        }
        return end;
    }

    private AuditRecord parse(byte[] b, int forcedType, String forcedName) throws MalformedRecordException {
        int n = b.length;
        if (n == 0) {
            throw new MalformedRecordException("empty line", 0);
        }
        if (n > AuditRecord.MAX_LINE) {
            throw new MalformedRecordException("line longer than " + AuditRecord.MAX_LINE + " bytes", AuditRecord.MAX_LINE);
        }
        int p = 0;
        while (p < n && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        if (startsWith(b, p, "audit: ")) {
            p += 7;
        }
        String node = null;
        if (startsWith(b, p, "node=")) {
            int s = p + 5;
            int e = s;
            while (e < n && b[e] != ' ') {
                e++;
            }
            node = node(b, s, e);
            p = skipSpaces(b, e);
        }
        if (!startsWith(b, p, "type=")) {
            throw new MalformedRecordException("no type=", p);
        }
        int ts = p + 5;
        int te = ts;
        while (te < n && b[te] != ' ') {
            te++;
        }
        int type;
        String typeName;
        if (forcedType != Integer.MIN_VALUE) {
            type = forcedType;
            typeName = forcedName;
        } else {
            type = typeNumber(b, ts, te);
            typeName = type == RecordType.UNKNOWN ? ascii(b, ts, te)
                    : RecordType.known(type) ? RecordType.name(type) : "UNKNOWN[" + type + "]";
        }
        p = skipSpaces(b, te);
        if (startsWith(b, p, "msg=")) {
            p += 4;
        }
        if (!startsWith(b, p, "audit(")) {
            throw new MalformedRecordException("no audit( header", p);
        }
        p += 6;
        int s = p;
        long sec = 0;
        while (p < n && FieldCodec.isDigit(b[p]) && p - s < 12) {
            sec = sec * 10 + (b[p++] - '0');
        }
        if (p == s || p >= n || b[p] != '.') {
            throw new MalformedRecordException("bad timestamp seconds", p);
        }
        s = ++p;
        long ms = 0;
        while (p < n && FieldCodec.isDigit(b[p]) && p - s < 3) {
            ms = ms * 10 + (b[p++] - '0');
        }
        if (p - s != 3 || p >= n || b[p] != ':') {
            throw new MalformedRecordException("bad timestamp milliseconds", p);
        }
        s = ++p;
        long serial = 0;
        while (p < n && FieldCodec.isDigit(b[p]) && p - s < 10) {
            serial = serial * 10 + (b[p++] - '0');
        }
        if (p == s || serial > 0xFFFFFFFFL || p >= n || b[p] != ')') {
            throw new MalformedRecordException("bad serial", p);
        }
        p++;
        // auditd 2.x wrote some DAEMON_* records without the colon: "audit(1490239800.477:34) config changed".
        if (p < n && b[p] == ':') {
            p++;
        } else if (p < n && b[p] != ' ') {
            throw new MalformedRecordException("no ): after header", p);
        }
        if (p < n && b[p] == ' ') {
            p++;
        }
        int bodyStart = p;
        count = 0;
        int sep = fields(b, bodyStart, n, 0, type);
        int[] index = Arrays.copyOf(scratch, count * AuditRecord.STRIDE);
        return new AuditRecord(b, type, typeName, node, sec * 1000 + ms, serial, bodyStart, index,
                sep < 0 ? -1 : sep + 1);
    }

    /**
     * Indexes the ENRICHED tail {@code line[from, end)} on first use: auditd wrote it, so it is only read
     * leniently (no error for an unterminated quote), and most consumers never look at it.
     */
    static int[] indexTail(byte[] line, int from, int type) {
        AuditLineParser p = new AuditLineParser();
        try {
            p.fields(line, from, line.length, AuditRecord.F_ENRICHED, type);
        } catch (MalformedRecordException e) {
            // Keep the fields indexed before the bad one.
        }
        return Arrays.copyOf(p.scratch, p.count * AuditRecord.STRIDE);
    }

    /**
     * Indexes {@code key=value} fields of {@code b[p,end)}. Words without {@code =} (AVC's {@code avc:
     * denied}, TTY's {@code tty}, {@code (enforce)}) and bare {@code { ... }} groups are skipped.
     *
     * @return the offset of the ENRICHED separator that ended the raw body, or -1 at the end of the line
     */
    private int fields(byte[] b, int p, int end, int flags, int type) throws MalformedRecordException {
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
            if (c == ENRICHED_SEPARATOR) {
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
            while (p < end && b[p] != ' ' && b[p] != '=' && b[p] != ENRICHED_SEPARATOR) {
                p++;
            }
            if (p >= end || b[p] != '=' || p == ns) {
                if (p < end && b[p] == '=') {
                    p = wordEnd(b, p, end);
                }
                continue;
            }
            int ne = p++;
            int vs = p;
            int ve;
            int kind;
            if (p < end && b[p] == '"') {
                ve = closing(b, p + 1, end, (byte) '"');
                if (ve >= end) {
                    if (enriched) {
                        return -1;
                    }
                    throw new MalformedRecordException("unterminated quote", vs);
                }
                vs++;
                kind = K_QUOTED;
                p = ve + 1;
            } else if (p < end && b[p] == '\'' && !nested) {
                boolean isMsg = ne - ns == 3 && b[ns] == 'm' && b[ns + 1] == 's' && b[ns + 2] == 'g';
                ve = isMsg ? nestedEnd(b, p + 1, end) : closing(b, p + 1, end, (byte) '\'');
                if (ve >= end && !isMsg) {
                    throw new MalformedRecordException("unterminated quote", vs);
                }
                vs++;
                kind = isMsg ? K_NESTED : K_QUOTED;
                add(ns, ne, vs, ve, kind | flags);
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
                if (kind == K_PLAIN && !enriched && splicedHeader(b, vs, ve)) {
                    throw new MalformedRecordException("spliced line (header fragment in body)", vs);
                }
            }
            add(ns, ne, vs, ve, kind | flags);
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
            } else if (c == '\'' && (p + 1 == end || b[p + 1] == ' ' || b[p + 1] == ENRICHED_SEPARATOR)) {
                return p;
            } else if (c == ENRICHED_SEPARATOR) {
                return p;
            } else {
                p++;
            }
        }
        int q = p;
        while (q < end && b[q] != ENRICHED_SEPARATOR) {
            q++;
        }
        return q;
    }

    private static int wordEnd(byte[] b, int p, int end) {
        while (p < end && b[p] != ' ' && b[p] != ENRICHED_SEPARATOR) {
            p++;
        }
        return p;
    }

    private static int closing(byte[] b, int p, int end, byte q) {
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
     * A value shaped {@code DIGITS.DIGITS:DIGITS):} is the tail of another record's header: auditd wrote two
     * records into one line (seen in real logs, notes §1.1). No field legitimately ends that way.
     */
    private static boolean splicedHeader(byte[] b, int s, int e) {
        if (e - s < 7 || b[e - 1] != ':' || b[e - 2] != ')') {
            return false;
        }
        int p = e - 3;
        int d = 0;
        while (p >= s && FieldCodec.isDigit(b[p])) {
            p--;
            d++;
        }
        if (d == 0 || p < s || b[p] != ':') {
            return false;
        }
        p--;
        d = 0;
        while (p >= s && FieldCodec.isDigit(b[p])) {
            p--;
            d++;
        }
        return d > 0 && p >= s && b[p] == '.';
    }

    /** Three ints per field; the name's end follows from the value's start and kind (see {@link AuditRecord}). */
    private void add(int ns, int ne, int vs, int ve, int flags) {
        int i = count * AuditRecord.STRIDE;
        if (i + AuditRecord.STRIDE > scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[i] = ns | flags << AuditRecord.FLAG_SHIFT;
        scratch[i + 1] = vs;
        scratch[i + 2] = ve;
        count++;
    }

    private static int typeNumber(byte[] b, int s, int e) throws MalformedRecordException {
        if (e == s) {
            throw new MalformedRecordException("empty type", s);
        }
        int ds = s;
        int de = e;
        if (FieldCodec.equalsAscii(b, s, Math.min(e, s + 8), "UNKNOWN[") && b[e - 1] == ']') {
            ds = s + 8;
            de = e - 1;
        } else if (!FieldCodec.isDigit(b[s])) {
            return RecordType.byName(b, s, e - s);
        }
        long v = FieldCodec.parseDecimal(b, ds, de, -1);
        if (v < 0 || v > 65535) {
            throw new MalformedRecordException("bad type number", s);
        }
        return (int) v;
    }

    private String node(byte[] b, int s, int e) {
        if (lastNode == null || !Arrays.equals(lastNode, 0, lastNode.length, b, s, e)) {
            lastNode = Arrays.copyOfRange(b, s, e);
            lastNodeString = new String(lastNode, StandardCharsets.UTF_8);
        }
        return lastNodeString;
    }

    private static boolean startsWith(byte[] b, int p, String s) {
        return p + s.length() <= b.length && FieldCodec.equalsAscii(b, p, p + s.length(), s);
    }

    private static int skipSpaces(byte[] b, int p) {
        while (p < b.length && b[p] == ' ') {
            p++;
        }
        return p;
    }

    private static String ascii(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }
}
