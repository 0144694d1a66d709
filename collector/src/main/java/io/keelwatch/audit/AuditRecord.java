package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One audit record as parsed from any carrier (auditd log line, netlink payload). The record keeps its
 * bytes and an index of field offsets; values are interpreted (quotes stripped, hex decoded by field
 * name) only when asked for, so counting and routing records allocates no per-field strings.
 *
 * <p>Fields are numbered {@code 0..fieldCount()-1} in line order: the raw body first (fields nested in a
 * user-space {@code msg='...'} included, flagged {@link #isNested}), then the ENRICHED tail after 0x1D
 * ({@link #isEnriched}). {@link #field} looks in the raw part only, {@link #enrichedField} in the tail only.
 * Built by {@link AuditLineParser}; immutable and safe to share between threads (each index is built on
 * first use and published through a volatile field; a race only builds it twice).
 *
 * <p>What a record means is the decoders' to say ({@link EventDecoder}, {@link RecordParts}, in this
 * package): the public surface is only what other packages use, the header, the field walk
 * {@code EventJson} writes ({@link #fieldCount}, {@link #kind}, {@link #fieldName}, {@link #value}), and the
 * two lookups {@code keelwatch parse} makes.
 */
public final class AuditRecord {

    /** How a value was written. */
    public enum ValueKind {
        /** Unquoted: a number, a word, or hex-encoded bytes when the field name says so. */
        PLAIN,
        /** {@code "..."} or {@code '...'}. */
        QUOTED,
        /** {@code { ... }} (ENRICHED SADDR). */
        BRACED,
        /** {@code ?}, {@code (null)}, {@code (none)}, {@code unset}, or empty. */
        NULLISH,
        /** A user-space {@code msg='...'} whose own fields follow as nested fields. */
        NESTED
    }

    /**
     * Index layout, three ints per field:
     * {@code [nameStart | flags << FLAG_SHIFT | nameCode << CODE_SHIFT, valueStart, valueEnd]}.
     * The name ends one byte before the value ({@code =}), two when the value has an opening quote or brace.
     * Offsets fit in 21 bits ({@link #MAX_LINE}).
     */
    static final int STRIDE = 3;
    static final int FLAG_SHIFT = 21;
    static final int OFFSET_MASK = (1 << FLAG_SHIFT) - 1;
    static final int KIND_MASK = 0x7;
    /** No ENRICHED flag: a field is in the tail when its number is past the raw fields (two indexes). */
    static final int F_NESTED = 0x8;
    /** The name's {@link FieldName} code (0 in the ENRICHED tail) in the first word's top seven bits. */
    static final int CODE_SHIFT = 25;
    static final int CODE_BITS = 32 - CODE_SHIFT;
    /** Longest line a record may have (offsets are 21-bit); auditd's are under 10 KiB. */
    public static final int MAX_LINE = 1 << 20;
    private static final ValueKind[] KINDS = ValueKind.values();
    private static final int K_QUOTED = ValueKind.QUOTED.ordinal();
    private static final int K_BRACED = ValueKind.BRACED.ordinal();
    private static final int K_NESTED = ValueKind.NESTED.ordinal();
    private static final int[] NO_FIELDS = new int[0];

    private final byte[] line;
    private final int type;
    private final String typeName;
    private final String node;
    private final long timestampMs;
    private final long serial;
    private final int bodyStart;
    /** End of the raw body: the 0x1D separator, or the line's end. */
    private final int rawEnd;
    /** Offset just after the 0x1D separator, or -1 without an ENRICHED tail. */
    private final int tailStart;
    /** Field indexes, built on first use: counting and routing records never need them. */
    private volatile int[] rawIndex;
    private volatile int[] tailIndex;
    /** What the record says on its own, decoded once ({@link RecordParts}); a race only decodes it twice. */
    private volatile RecordPart part;

    AuditRecord(byte[] line, int type, String typeName, String node, long timestampMs, long serial,
                int bodyStart, int rawEnd, int tailStart) {
        this.line = line;
        this.type = type;
        this.typeName = typeName;
        this.node = node;
        this.timestampMs = timestampMs;
        this.serial = serial;
        this.bodyStart = bodyStart;
        this.rawEnd = rawEnd;
        this.tailStart = tailStart;
    }

    /**
     * Parses a log line ({@code type=... msg=audit(...): ...}); the header arguments must agree with it.
     * Prefer {@link AuditLineParser}; this exists for tests and fixtures that build records by hand.
     *
     * @throws IllegalArgumentException when the line does not parse or disagrees with the arguments
     */
    AuditRecord(int type, String node, long timestampMs, long serial, byte[] line) {
        this(parsed(line));
        if (this.type != type || this.timestampMs != timestampMs || this.serial != serial
                || !java.util.Objects.equals(this.node, node)) {
            throw new IllegalArgumentException("header arguments disagree with the line: " + text());
        }
    }

    private AuditRecord(AuditRecord r) {
        this(r.line, r.type, r.typeName, r.node, r.timestampMs, r.serial, r.bodyStart, r.rawEnd, r.tailStart);
    }

    private static AuditRecord parsed(byte[] line) {
        try {
            return new AuditLineParser().parseLine(line, 0, line.length);
        } catch (MalformedRecordException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Convenience for tests and tools: parses one log line. */
    public static AuditRecord parse(String line) throws MalformedRecordException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return new AuditLineParser().parseLine(b, 0, b.length);
    }

    /** The record type number; {@link RecordType#UNKNOWN} when the line named a type the table lacks. */
    public int type() { return type; }

    /** The type as auditd prints it ({@code SYSCALL}, {@code UNKNOWN[1420]}). */
    public String typeName() { return typeName; }

    String node() { return node; }

    public long timestampMs() { return timestampMs; }

    /** The serial, an unsigned 32-bit value. */
    public long serial() { return serial; }

    public EventId eventId() { return new EventId(node, timestampMs, serial); }

    // ---- field iteration, no allocation ----

    /** All fields, the ENRICHED tail included (indexing the tail on first call). */
    public int fieldCount() { return raw().length / STRIDE + tail().length / STRIDE; }

    /** Number of fields before the ENRICHED tail. */
    public int rawFieldCount() { return raw().length / STRIDE; }

    private int[] raw() {
        int[] r = rawIndex;
        return r != null ? r : indexRaw();
    }

    private int[] indexRaw() {
        int[] r = FieldIndexer.indexRaw(line, bodyStart, rawEnd);
        rawIndex = r;
        return r;
    }

    private int[] tail() {
        int[] t = tailIndex;
        if (t == null) {
            t = tailStart < 0 ? NO_FIELDS : FieldIndexer.indexTail(line, tailStart);
            tailIndex = t;
        }
        return t;
    }

    private int word(int i, int w) {
        int[] r = raw();
        int b = i * STRIDE;
        return b < r.length ? r[b + w] : tail()[b - r.length + w];
    }

    private int flags(int i) { return (word(i, 0) >>> FLAG_SHIFT) & (KIND_MASK | F_NESTED); }

    private int nameStart(int i) { return word(i, 0) & OFFSET_MASK; }

    private int valueStart(int i) { return word(i, 1); }

    private int valueEnd(int i) { return word(i, 2); }

    private int nameEnd(int i) {
        int[] r = raw();
        int b = i * STRIDE;
        return b < r.length ? nameEnd(r, b) : nameEnd(tail(), b - r.length);
    }

    /** The name's end from the index words at {@code b}: one byte before the value, two after an opener. */
    private static int nameEnd(int[] index, int b) {
        int k = (index[b] >>> FLAG_SHIFT) & KIND_MASK;
        boolean opened = k == K_QUOTED || k == K_BRACED || k == K_NESTED;
        return index[b + 1] - (opened ? 2 : 1);
    }

    public ValueKind kind(int i) { return KINDS[kindOrdinal(i)]; }

    private int kindOrdinal(int i) { return flags(i) & KIND_MASK; }

    boolean isEnriched(int i) { return i >= rawFieldCount(); }

    boolean isNested(int i) { return (flags(i) & F_NESTED) != 0; }

    boolean nameEquals(int i, String name) {
        return FieldCodec.equalsAscii(line, nameStart(i), nameEnd(i), name);
    }

    RecordPart part() { return part; }

    void part(RecordPart p) { part = p; }

    /** A walk over the raw body's fields, for decoders that read the record once and need no index. */
    FieldCursor rawFields() { return new FieldCursor(line, bodyStart, rawEnd, false); }

    /** A walk over the ENRICHED tail's fields (none without a tail); their names carry no codes. */
    FieldCursor tailFields() {
        return tailStart < 0 ? new FieldCursor(line, line.length, line.length, true)
                : new FieldCursor(line, tailStart, line.length, true);
    }

    /** The line itself, not a copy: for decoders in this package, which only read it. */
    byte[] lineBytes() { return line; }

    /** The {@link FieldName} code of field {@code i}'s name (0 in the ENRICHED tail). */
    int nameCode(int i) {
        return word(i, 0) >>> CODE_SHIFT;
    }

    public String fieldName(int i) {
        return ascii(nameStart(i), nameEnd(i));
    }

    /** The interpreted value of field {@code i} (see {@link #field}). */
    public String value(int i) {
        return FieldCodec.text(line, kindOrdinal(i), valueStart(i), valueEnd(i), encodedName(i));
    }

    /** Whether field {@code i}'s name says its value is kernel-encoded (never in the ENRICHED tail). */
    private boolean encodedName(int i) {
        return !isEnriched(i) && FieldCodec.isEncoded(line, nameStart(i), nameEnd(i), type, nameCode(i));
    }

    /** The value of field {@code i} as written (quotes and braces included). */
    String rawValue(int i) {
        int s = valueStart(i);
        int e = valueEnd(i);
        ValueKind k = kind(i);
        if (k == ValueKind.QUOTED || k == ValueKind.BRACED || k == ValueKind.NESTED) {
            byte close = line[s - 1] == '{' ? (byte) '}' : line[s - 1];
            s--;
            if (e < line.length && line[e] == close) {
                e++;
            }
        }
        return new String(line, s, e - s, StandardCharsets.UTF_8);
    }

    /**
     * The value's bytes: hex-decoded for encoded names, the text between quotes otherwise; {@code null}
     * for null-ish values.
     */
    byte[] valueBytes(int i) {
        return FieldCodec.bytes(line, kindOrdinal(i), valueStart(i), valueEnd(i), encodedName(i));
    }

    /** Field {@code i} as a decimal number, or {@code dflt}. */
    long valueLong(int i, long dflt) {
        return FieldCodec.decimal(line, kindOrdinal(i), valueStart(i), valueEnd(i), dflt);
    }

    /** Field {@code i} as unsigned hex (SYSCALL {@code a0..a3}, {@code arch}), or {@code dflt}. */
    long valueHex(int i, long dflt) {
        return FieldCodec.hex(line, kindOrdinal(i), valueStart(i), valueEnd(i), dflt);
    }

    /** Field {@code i} as octal (PATH {@code mode}), or {@code dflt}. */
    long valueOctal(int i, long dflt) {
        return FieldCodec.octal(line, kindOrdinal(i), valueStart(i), valueEnd(i), dflt);
    }

    // ---- lookup by name ----

    /** Index of the first raw-body field with this name, or -1. */
    int indexOf(String name) {
        int[] r = raw();
        for (int b = 0; b < r.length; b += STRIDE) {
            int ns = r[b] & OFFSET_MASK;
            if (FieldCodec.equalsAscii(line, ns, nameEnd(r, b), name)) {
                return b / STRIDE;
            }
        }
        return -1;
    }

    /** Index of the ENRICHED-tail field with this (upper-case) name, or -1. */
    int enrichedIndexOf(String name) {
        int n = fieldCount();
        for (int i = rawFieldCount(); i < n; i++) {
            if (nameEquals(i, name)) {
                return i;
            }
        }
        return -1;
    }

    boolean has(String name) { return indexOf(name) >= 0; }

    /** The interpreted value of a field, or {@code null} when absent or null-ish ({@code ?}, {@code (null)}). */
    String field(String name) {
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    /** The value as written ({@code "..."} with its quotes, hex undecoded), or {@code null} when absent. */
    String rawField(String name) {
        int i = indexOf(name);
        return i < 0 ? null : rawValue(i);
    }

    /** An ENRICHED-tail field ({@code UID}, {@code SYSCALL}, {@code SADDR}), interpreted, or {@code null}. */
    String enrichedField(String name) {
        int i = enrichedIndexOf(name);
        return i < 0 ? null : value(i);
    }

    /** Decoded bytes of a field (see {@link #valueBytes}), or {@code null}. */
    byte[] fieldBytes(String name) {
        int i = indexOf(name);
        return i < 0 ? null : valueBytes(i);
    }

    public long fieldLong(String name, long dflt) {
        int i = indexOf(name);
        return i < 0 ? dflt : valueLong(i, dflt);
    }

    public long fieldHex(String name, long dflt) {
        int i = indexOf(name);
        return i < 0 ? dflt : valueHex(i, dflt);
    }

    long fieldOctal(String name, long dflt) {
        int i = indexOf(name);
        return i < 0 ? dflt : valueOctal(i, dflt);
    }

    // ---- the line ----

    /** The record as received, without the trailing newline. */
    public String text() {
        return new String(line, StandardCharsets.UTF_8);
    }

    /** The body after {@code audit(...): }, without the ENRICHED tail. */
    String body() {
        return new String(line, bodyStart, rawEnd - bodyStart, StandardCharsets.UTF_8);
    }

    int length() { return line.length; }

    /** A copy of the line bytes. */
    byte[] bytes() { return line.clone(); }

    private String ascii(int s, int e) {
        return new String(line, s, e - s, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditRecord r && r.type == type && Arrays.equals(r.line, line);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(line);
    }

    @Override
    public String toString() {
        return text();
    }
}
