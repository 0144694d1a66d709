package io.keelwatch.audit;

import java.util.Arrays;

/**
 * Builds a record's field index ({@link AuditRecord}'s three ints per field) from the fields a
 * {@link FieldCursor} walks, on the first field access.
 */
final class FieldIndexer {

    private int[] scratch;
    private int count;

    private FieldIndexer(int expectedFields) {
        scratch = new int[AuditRecord.STRIDE * expectedFields];
    }

    /** Indexes the raw body {@code line[from, end)} on first field access. */
    static int[] indexRaw(byte[] line, int from, int end) {
        return index(new FieldCursor(line, from, end, false), expectedFields(end - from));
    }

    /** Indexes the ENRICHED tail {@code line[from, end)} on first use. */
    static int[] indexTail(byte[] line, int from) {
        return index(new FieldCursor(line, from, line.length, true), expectedFields(line.length - from));
    }

    private static int[] index(FieldCursor c, int expected) {
        FieldIndexer p = new FieldIndexer(expected);
        while (c.next()) {
            p.add(c.nameStart(), c.valueStart(), c.valueEnd(), c.flags(), c.code());
        }
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
