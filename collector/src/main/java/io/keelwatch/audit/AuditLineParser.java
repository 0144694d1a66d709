package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses audit records from their carriers: auditd log lines (RAW or ENRICHED, optional {@code node=},
 * named, numeric or {@code UNKNOWN[n]} types, the kmsg {@code audit: } prefix) and netlink payloads
 * ({@code audit(...): body} with the type in the netlink header). Works on bytes, no regex: the header is
 * parsed and the body checked in one pass; the record keeps one copy of the line, and its fields are
 * indexed only when first asked for ({@link FieldIndexer}, {@link FieldCursor}), so counting and routing cost no field work.
 *
 * <p>Not thread-safe: one parser per reading thread (it caches the last node name).
 */
public final class AuditLineParser {
    /** auditd's AUDIT_INTERP_SEPARATOR between the raw body and the ENRICHED tail. */
    public static final byte ENRICHED_SEPARATOR = 0x1D;

    private static final long QUOTES = ByteSearch.broadcast('"');
    private static final long SEPARATORS = ByteSearch.broadcast((char) ENRICHED_SEPARATOR);
    private static final long CLOSERS = ByteSearch.broadcast(')');

    // The header's words as bytes: compared byte by byte, never through String.charAt.
    private static final byte[] MSG_PREFIX = ascii("msg=");
    private static final byte[] KMSG_PREFIX = ascii("audit: ");
    private static final byte[] NODE_PREFIX = ascii("node=");
    private static final byte[] TYPE_PREFIX = ascii("type=");
    private static final byte[] HEADER_PREFIX = ascii("audit(");
    private static final byte[] UNKNOWN_PREFIX = ascii("UNKNOWN[");

    private byte[] lastNode;
    private String lastNodeString;

    /** Parses one log line; a trailing {@code \n} or {@code \r\n} is ignored. */
    public AuditRecord parseLine(byte[] buf, int off, int len) throws MalformedRecordException {
        int end = trimEnd(buf, off, off + len);
        return parse(Arrays.copyOfRange(buf, off, end), Integer.MIN_VALUE, null);
    }

    /**
     * Parses a line the caller gives up (no one writes to it afterwards, as with {@code HostInput} lines):
     * the record keeps this array instead of a copy, unless a line ending has to be trimmed.
     */
    public AuditRecord parseOwned(byte[] line) throws MalformedRecordException {
        int end = trimEnd(line, 0, line.length);
        return parse(end == line.length ? line : Arrays.copyOf(line, end), Integer.MIN_VALUE, null);
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
        if (startsWith(b, p, KMSG_PREFIX)) {
            p += 7;
        }
        String node = null;
        if (startsWith(b, p, NODE_PREFIX)) {
            int s = p + 5;
            int e = s;
            while (e < n && b[e] != ' ') {
                e++;
            }
            node = node(b, s, e);
            p = skipSpaces(b, e);
        }
        if (!startsWith(b, p, TYPE_PREFIX)) {
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
        if (startsWith(b, p, MSG_PREFIX)) {
            p += 4;
        }
        if (!startsWith(b, p, HEADER_PREFIX)) {
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
        int sep = checkBody(b, bodyStart);
        return new AuditRecord(b, type, typeName, node, sec * 1000 + ms, serial, bodyStart,
                sep < 0 ? n : sep, sep < 0 ? -1 : sep + 1);
    }

    /**
     * One tight pass over the body instead of a full tokenization: finds the ENRICHED separator and
     * rejects the two body faults real logs show, an unterminated {@code "} (odd count before the
     * separator) and a spliced line (another record's header tail {@code DIGITS.DIGITS:DIGITS):} as a
     * value, notes §1.1). Fields are indexed later, on first access ({@link FieldIndexer}, {@link FieldCursor}).
     *
     * @return the separator's offset, or -1
     */
    private static int checkBody(byte[] b, int start) throws MalformedRecordException {
        int n = b.length;
        int p = start;
        int quotes = 0;
        int sep = -1;
        // Eight bytes at a time: most words hold no separator and no ')', and their quotes are just counted.
        while (sep < 0 && p + Long.BYTES <= n) {
            long w = ByteSearch.word(b, p);
            long q = ByteSearch.matches(w, QUOTES);
            long stops = ByteSearch.matches(w, SEPARATORS) | ByteSearch.matches(w, CLOSERS);
            if (stops == 0) {
                // Counted only when there are any: bitCount is an intrinsic only in C2, and parse runs on C1.
                if (q != 0) {
                    quotes += Long.bitCount(q);
                }
                p += Long.BYTES;
                continue;
            }
            int k = ByteSearch.firstMatch(stops);
            quotes += Long.bitCount(q & ((1L << (k << 3)) - 1));
            p += k;
            if (b[p] == ENRICHED_SEPARATOR) {
                sep = p;
            } else {
                checkSplice(b, p);
                p++;
            }
        }
        for (; sep < 0 && p < n; p++) {
            byte c = b[p];
            if (c == '"') {
                quotes++;
            } else if (c == ENRICHED_SEPARATOR) {
                sep = p;
            } else if (c == ')') {
                checkSplice(b, p);
            }
        }
        if ((quotes & 1) != 0) {
            int open = unterminatedValueQuote(b, start, sep < 0 ? n : sep);
            if (open >= 0) {
                throw new MalformedRecordException("unterminated quote", open);
            }
            // An odd count can be a stray quote after a value (go-libaudit's audit-ubuntu17.log): readable.
        }
        return sep;
    }

    /** Rejects a {@code ')'} at {@code p} that ends another record's header ({@code ...:SERIAL): }). */
    private static void checkSplice(byte[] b, int p) throws MalformedRecordException {
        int n = b.length;
        if (p + 1 < n && b[p + 1] == ':' && (p + 2 == n || b[p + 2] == ' ')) {
            int at = splicedHeaderStart(b, p);
            if (at >= 0) {
                throw new MalformedRecordException("spliced line (header fragment in body)", at);
            }
        }
    }

    /** The offset of a value's opening {@code "} that never closes, or -1. */
    private static int unterminatedValueQuote(byte[] b, int p, int end) {
        int start = p;
        while (p < end) {
            if (b[p] == '"' && p > start && b[p - 1] == '=') {
                int q = FieldCursor.closing(b, p + 1, end, (byte) '"');
                if (q >= end) {
                    return p;
                }
                p = q + 1;
            } else {
                p++;
            }
        }
        return -1;
    }

    /**
     * Where a value shaped {@code DIGITS.DIGITS:DIGITS):} starts, given the offset of its {@code )}; -1
     * when the text before the {@code )} has another shape. No field legitimately ends that way: it is the
     * tail of another record's header, auditd having written two records into one line.
     */
    private static int splicedHeaderStart(byte[] b, int close) {
        int p = close - 1;
        int[] runs = new int[3];
        char[] seps = {':', '.'};
        for (int k = 0; k < 3; k++) {
            while (p >= 0 && FieldCodec.isDigit(b[p])) {
                p--;
                runs[k]++;
            }
            if (runs[k] == 0) {
                return -1;
            }
            if (k < 2) {
                if (p < 0 || b[p] != seps[k]) {
                    return -1;
                }
                p--;
            }
        }
        return p + 1;
    }

    private static int typeNumber(byte[] b, int s, int e) throws MalformedRecordException {
        if (e == s) {
            throw new MalformedRecordException("empty type", s);
        }
        int ds = s;
        int de = e;
        if (e - s > UNKNOWN_PREFIX.length && startsWith(b, s, UNKNOWN_PREFIX) && b[e - 1] == ']') {
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

    private static boolean startsWith(byte[] b, int p, byte[] prefix) {
        return p + prefix.length <= b.length && FieldCodec.sameBytes(prefix, b, p);
    }

    private static int skipSpaces(byte[] b, int p) {
        while (p < b.length && b[p] == ' ') {
            p++;
        }
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }
}
