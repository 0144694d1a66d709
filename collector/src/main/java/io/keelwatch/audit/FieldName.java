package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;

/**
 * Small integer codes for the field names the collector interprets, so a decoder reads a record in one
 * pass and dispatches on an int ({@code switch (FieldName.code(...))}) instead of searching the record
 * once per name it wants. The table also says which names carry kernel-encoded values (the field
 * dictionary type {@code encoded}, notes §1.4), so deciding whether to hex-decode costs one lookup.
 *
 * <p>There are at most {@link #MAX_CODES} (128) codes: the field index keeps each field's code in seven
 * bits, and a decoder keeps two {@code long}s of the codes it has seen and takes the first occurrence of
 * each, as a search by name would. A table past that fails at class initialisation, naming the limit
 * ({@link #checkFits}). Lookup is open addressing over a hash of the name bytes, verified byte for byte.
 */
final class FieldName {
    static final int UNKNOWN = 0;

    // SYSCALL
    static final int ARCH = 1;
    static final int SYSCALL = 2;
    static final int SUCCESS = 3;
    static final int EXIT = 4;
    static final int A0 = 5;
    static final int A1 = 6;
    static final int A2 = 7;
    static final int A3 = 8;
    static final int ITEMS = 9;
    static final int PPID = 10;
    static final int PID = 11;
    static final int AUID = 12;
    static final int UID = 13;
    static final int GID = 14;
    static final int EUID = 15;
    static final int SUID = 16;
    static final int FSUID = 17;
    static final int EGID = 18;
    static final int SGID = 19;
    static final int FSGID = 20;
    static final int TTY = 21;
    static final int SES = 22;
    static final int COMM = 23;
    static final int EXE = 24;
    static final int SUBJ = 25;
    static final int KEY = 26;
    // PATH
    static final int ITEM = 27;
    static final int NAME = 28;
    static final int INODE = 29;
    static final int DEV = 30;
    static final int MODE = 31;
    static final int OUID = 32;
    static final int OGID = 33;
    static final int NAMETYPE = 34;
    // CWD, SOCKADDR, PROCTITLE, EXECVE
    static final int CWD = 35;
    static final int SADDR = 36;
    static final int PROCTITLE = 37;
    static final int ARGC = 38;
    // OPENAT2
    static final int OFLAG = 39;
    static final int RESOLVE = 40;
    /** The last code a decoder interprets; the names after it are only known for being encoded. */
    private static final int LAST_INTERPRETED = RESOLVE;

    /** Codes the index and a decoder's seen-set hold: {@link AuditRecord#CODE_BITS} bits, two longs. */
    static final int MAX_CODES = 128;

    /** Index = code. Names after {@code resolve} are only known for being encoded. */
    private static final String[] NAMES = {
            null,
            "arch", "syscall", "success", "exit", "a0", "a1", "a2", "a3", "items", "ppid", "pid", "auid", "uid",
            "gid", "euid", "suid", "fsuid", "egid", "sgid", "fsgid", "tty", "ses", "comm", "exe", "subj", "key",
            "item", "name", "inode", "dev", "mode", "ouid", "ogid", "nametype",
            "cwd", "saddr", "proctitle", "argc",
            "oflag", "resolve",
            "acct", "addr", "apparmor", "cgroup", "cmd", "data", "device", "dir", "file", "grp",
            "invalid_context", "new-chardev", "new-disk", "new-fs", "new-net", "new-rng", "ocomm", "old-chardev",
            "old-disk", "old-fs", "old-net", "old-rng", "path", "vm", "watch",
    };

    /** Encoded per the field dictionary. {@code name} is too (PATH, KERN_MODULE); elsewhere quoting tells. */
    private static final boolean[] ENCODED = new boolean[NAMES.length];

    private static final int SLOTS = 256;
    private static final byte[] TABLE = new byte[SLOTS];
    private static final byte[][] BYTES = new byte[NAMES.length][];
    private static final int MAX_LEN;

    static {
        checkFits(NAMES.length);
        if (!"argc".equals(NAMES[ARGC]) || !"resolve".equals(NAMES[LAST_INTERPRETED])) {
            throw new AssertionError("field name table out of order: the code constants do not match NAMES");
        }
        int max = 0;
        for (int c = 1; c < NAMES.length; c++) {
            byte[] n = NAMES[c].getBytes(StandardCharsets.US_ASCII);
            BYTES[c] = n;
            max = Math.max(max, n.length);
            int hash = 0;
            for (byte x : n) {
                hash = hashStep(hash, x);
            }
            int h = slot(hash);
            while (TABLE[h] != 0) {
                h = (h + 1) & (SLOTS - 1);
            }
            TABLE[h] = (byte) c;
        }
        MAX_LEN = max;
        for (int c : new int[] {COMM, EXE, KEY, NAME, CWD, SADDR, PROCTITLE}) {
            ENCODED[c] = true;
        }
        for (int c = LAST_INTERPRETED + 1; c < NAMES.length; c++) {
            ENCODED[c] = true;
        }
    }

    /**
     * Whether a table of {@code count} codes ({@link #UNKNOWN} included) fits the index and the decoders'
     * seen-set; a name added past the limit fails here, at class initialisation, instead of sharing bits.
     *
     * @throws IllegalStateException naming the count and the limit
     */
    static void checkFits(int count) {
        if (count > MAX_CODES || count > 1 << AuditRecord.CODE_BITS) {
            throw new IllegalStateException("the field name table has " + count + " codes; at most " + MAX_CODES
                    + " fit (AuditRecord keeps a code in " + AuditRecord.CODE_BITS
                    + " bits, FieldCursor's seen-set is two longs): widen both before adding names");
        }
    }

    private FieldName() { }

    /** The code of the name {@code b[s,e)}, or {@link #UNKNOWN}. */
    static int code(byte[] b, int s, int e) {
        int h = 0;
        for (int i = s; i < e; i++) {
            h = hashStep(h, b[i]);
        }
        return code(h, b, s, e);
    }

    /**
     * The code of the name {@code b[s,e)} whose bytes folded with {@link #hashStep} from 0 give
     * {@code hash}: the field indexer hashes names while it scans them.
     */
    static int code(int hash, byte[] b, int s, int e) {
        int len = e - s;
        if (len <= 0 || len > MAX_LEN) {
            return UNKNOWN;
        }
        int h = slot(hash);
        while (true) {
            int c = TABLE[h];
            if (c == 0) {
                return UNKNOWN;
            }
            byte[] n = BYTES[c];
            if (n.length == len && FieldCodec.sameBytes(n, b, s)) {
                return c;
            }
            h = (h + 1) & (SLOTS - 1);
        }
    }

    static int hashStep(int h, byte b) {
        return h * 31 + b;
    }

    /** Whether a field of this name holds kernel-encoded bytes (hex when unquoted). */
    static boolean encoded(int code) {
        return ENCODED[code];
    }

    /** The name of a code, for messages and tests. */
    static String name(int code) {
        return NAMES[code];
    }

    /** Number of codes, {@link #UNKNOWN} included. */
    static int count() {
        return NAMES.length;
    }

    private static int slot(int h) {
        return (h ^ (h >>> 8)) & (SLOTS - 1);
    }
}
