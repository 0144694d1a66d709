package io.keelwatch.audit.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One kernel audit rule as {@code struct audit_rule_data} carries it: a filter list, an action, a
 * syscall bitmap and an ordered list of field comparisons. {@link AuditRuleParser} builds it from
 * auditctl syntax; {@link #toString()} prints it the way {@code auditctl -l} does, for the subset the
 * agent uses. Two rules are equal when their encodings are.
 */
public final class AuditRule {

    /** The filter list ({@code AUDIT_FILTER_*}). */
    public enum Filter {
        USER(0, "user"), TASK(1, "task"), EXIT(4, "exit"), EXCLUDE(5, "exclude"), FILESYSTEM(6, "filesystem"),
        IO_URING(7, "io_uring");

        final int code;
        final String text;

        Filter(int code, String text) {
            this.code = code;
            this.text = text;
        }

        static Filter of(int code) {
            for (Filter f : values()) if (f.code == code) return f;
            throw new IllegalArgumentException("unknown audit filter list " + code);
        }
    }

    public enum Action {
        NEVER(0, "never"), ALWAYS(2, "always");

        final int code;
        final String text;

        Action(int code, String text) {
            this.code = code;
            this.text = text;
        }

        static Action of(int code) {
            for (Action a : values()) if (a.code == code) return a;
            throw new IllegalArgumentException("unknown audit rule action " + code);
        }
    }

    /**
     * One comparison: field id, operator flag ({@code AUDIT_EQUAL}, ...), and either a 32-bit value or,
     * for string fields (path, dir, exe, key), the text.
     */
    public record Field(int id, int op, int value, String text) {
        public String name() {
            return RuleFields.name(id);
        }
    }

    static final int BITMASK_WORDS = 64;
    private static final int FILTER_PREPEND = 0x10;
    static final int MAX_FIELDS = 64;
    private static final int HEADER = 12 + 4 * BITMASK_WORDS * 4 + 4;   // 1040

    private final Filter filter;
    private final Action action;
    private final int[] mask;
    private final List<Field> fields;
    private final byte[] encoded;

    public AuditRule(Filter filter, Action action, int[] syscallMask, List<Field> fields) {
        if (syscallMask.length != BITMASK_WORDS) throw new IllegalArgumentException("syscall mask must have 64 words");
        if (fields.size() > MAX_FIELDS) throw new IllegalArgumentException("more than 64 fields");
        this.filter = filter;
        this.action = action;
        this.mask = syscallMask.clone();
        this.fields = List.copyOf(fields);
        this.encoded = encodeNow();
    }

    public Filter filter() { return filter; }

    public Action action() { return action; }

    public List<Field> fields() { return fields; }

    /** Whether syscall {@code nr} is in the rule's bitmap. */
    public boolean hasSyscall(int nr) {
        return nr >= 0 && nr < BITMASK_WORDS * 32 && (mask[nr >>> 5] & (1 << (nr & 31))) != 0;
    }

    /** Whether the bitmap holds every syscall (auditctl {@code -S all}); the kernel's class bits are ignored. */
    public boolean allSyscalls() {
        for (int i = 0; i < BITMASK_WORDS - 1; i++) if (mask[i] != -1) return false;
        return true;
    }

    /** The key ({@code -k}), or {@code null}. */
    public String key() {
        for (Field f : fields) if (f.id == RuleFields.FILTERKEY) return f.text;
        return null;
    }

    /** The {@code struct audit_rule_data} bytes, as {@code AUDIT_ADD_RULE} sends them. */
    public byte[] encode() {
        return encoded.clone();
    }

    /** The encoding with {@code AUDIT_FILTER_PREPEND} set: the kernel puts the rule first in its list. */
    byte[] encodePrepend() {
        byte[] b = encoded.clone();
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(0, filter.code | FILTER_PREPEND);
        return b;
    }

    private byte[] encodeNow() {
        List<byte[]> strings = new ArrayList<>();
        int buflen = 0;
        for (Field f : fields) {
            if (f.text != null) {
                byte[] s = f.text.getBytes(StandardCharsets.UTF_8);
                strings.add(s);
                buflen += s.length;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + buflen).order(ByteOrder.nativeOrder());
        b.putInt(filter.code).putInt(action.code).putInt(fields.size());
        for (int w : mask) b.putInt(w);
        int base = b.position();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            b.putInt(base + 4 * i, f.id);
            b.putInt(base + 4 * (MAX_FIELDS + i), f.text != null ? f.text.getBytes(StandardCharsets.UTF_8).length : f.value);
            b.putInt(base + 4 * (2 * MAX_FIELDS + i), f.op);
        }
        b.position(base + 4 * 3 * MAX_FIELDS);
        b.putInt(buflen);
        for (byte[] s : strings) b.put(s);
        return b.array();
    }

    /** Decodes a {@code struct audit_rule_data} (an {@code AUDIT_LIST_RULES} reply). */
    public static AuditRule decode(byte[] data) {
        if (data.length < HEADER) throw new IllegalArgumentException("audit_rule_data too short: " + data.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        Filter filter = Filter.of(b.getInt(0) & 0xf);
        Action action = Action.of(b.getInt(4));
        int count = b.getInt(8);
        if (count < 0 || count > MAX_FIELDS) throw new IllegalArgumentException("bad field count " + count);
        int[] mask = new int[BITMASK_WORDS];
        for (int i = 0; i < BITMASK_WORDS; i++) mask[i] = b.getInt(12 + 4 * i);
        int base = 12 + 4 * BITMASK_WORDS;
        int buflen = b.getInt(base + 4 * 3 * MAX_FIELDS);
        int str = HEADER;
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = b.getInt(base + 4 * i);
            int value = b.getInt(base + 4 * (MAX_FIELDS + i));
            int op = b.getInt(base + 4 * (2 * MAX_FIELDS + i));
            String text = null;
            if (RuleFields.isString(id)) {
                if (value < 0 || str + value > HEADER + buflen || str + value > data.length) {
                    throw new IllegalArgumentException("string of field " + RuleFields.name(id) + " overruns the buffer");
                }
                text = new String(data, str, value, StandardCharsets.UTF_8);
                str += value;
            }
            fields.add(new Field(id, op, text != null ? 0 : value, text));
        }
        return new AuditRule(filter, action, mask, fields);
    }

    /** The rule in {@code auditctl -l} form. */
    @Override
    public String toString() {
        return AuditRuleText.format(this, mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditRule r && Arrays.equals(encoded, r.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }
}
