package io.keelwatch.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Audit record type numbers and their names. The table is the one libaudit ships
 * ({@code record-types.txt}, dumped from {@code audit_msg_type_to_name}); numbers it does not know print
 * as {@code UNKNOWN[n]}, the way auditd writes them. Lookups by name work on bytes so the line parser
 * needs no String per record.
 */
public final class RecordType {
    public static final int USER = 1005;
    public static final int LOGIN = 1006;
    public static final int FIRST_USER_MSG = 1100;
    public static final int FIRST_DAEMON = 1200;
    public static final int LAST_DAEMON = 1299;
    public static final int SYSCALL = 1300;
    public static final int PATH = 1302;
    public static final int IPC = 1303;
    public static final int SOCKETCALL = 1304;
    public static final int CONFIG_CHANGE = 1305;
    public static final int SOCKADDR = 1306;
    public static final int CWD = 1307;
    public static final int EXECVE = 1309;
    public static final int OBJ_PID = 1318;
    public static final int TTY = 1319;
    public static final int EOE = 1320;
    public static final int BPRM_FCAPS = 1321;
    public static final int PROCTITLE = 1327;
    public static final int KERN_MODULE = 1330;
    public static final int OPENAT2 = 1337;
    public static final int AVC = 1400;
    public static final int FIRST_UNLABELED = 1406;
    public static final int LAST_UNLABELED = 1419;
    public static final int KERNEL = 2000;
    public static final int FIRST_ANOM_USER = 2100;

    /** Returned by {@link #byName} for names the table does not know. */
    public static final int UNKNOWN = -1;

    private static final Table TABLE = Table.load();

    private RecordType() { }

    /** The name auditd prints for a type number: the table name, else {@code UNKNOWN[n]}. */
    public static String name(int type) {
        String n = type >= 0 && type < TABLE.names.length ? TABLE.names[type] : null;
        return n != null ? n : "UNKNOWN[" + type + "]";
    }

    /** Whether the table knows this number. */
    public static boolean known(int type) {
        return type >= 0 && type < TABLE.names.length && TABLE.names[type] != null;
    }

    /** The number for an ASCII name in {@code buf[off, off+len)}, or {@link #UNKNOWN}. */
    public static int byName(byte[] buf, int off, int len) {
        return TABLE.lookup(buf, off, len);
    }

    public static int byName(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        return byName(b, 0, b.length);
    }

    /** auditd's own records, numbered from auditd's private counter rather than the kernel serial. */
    public static boolean isDaemon(int type) {
        return type >= FIRST_DAEMON && type <= LAST_DAEMON;
    }

    /**
     * Whether a record of this type ends its event, the rule auparse applies when no EOE arrives
     * (notes §1.9): PROCTITLE, EOE, user and daemon messages, KERNEL, the unlabeled-network range and
     * the user-space anomaly/response range. LOGIN, AVC, ANOM_*, CONFIG_CHANGE are not: a SYSCALL follows.
     */
    public static boolean endsEvent(int type) {
        return type == PROCTITLE || type == EOE || type == USER || type == KERNEL
                || (type > LOGIN && type < SYSCALL)
                || type >= FIRST_ANOM_USER
                || (type >= FIRST_UNLABELED && type <= LAST_UNLABELED);
    }

    private static final class Table {
        final String[] names;
        final byte[][] keys;
        final int[] values;
        final int mask;

        private Table(String[] names, byte[][] keys, int[] values) {
            this.names = names;
            this.keys = keys;
            this.values = values;
            this.mask = keys.length - 1;
        }

        static Table load() {
            String[] names = new String[3000];
            try (InputStream in = RecordType.class.getResourceAsStream("record-types.txt");
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    int sp = line.indexOf(' ');
                    names[Integer.parseInt(line.substring(0, sp))] = line.substring(sp + 1).trim();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[][] keys = new byte[1024][];
            int[] values = new int[1024];
            for (int t = 0; t < names.length; t++) {
                if (names[t] == null) {
                    continue;
                }
                byte[] k = names[t].getBytes(StandardCharsets.US_ASCII);
                int slot = hash(k, 0, k.length) & 1023;
                while (keys[slot] != null) {
                    slot = (slot + 1) & 1023;
                }
                keys[slot] = k;
                values[slot] = t;
            }
            return new Table(names, keys, values);
        }

        int lookup(byte[] buf, int off, int len) {
            int slot = hash(buf, off, len) & mask;
            while (true) {
                byte[] k = keys[slot];
                if (k == null) {
                    return UNKNOWN;
                }
                if (k.length == len && FieldCodec.sameBytes(k, buf, off)) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
        }

        static int hash(byte[] b, int off, int len) {
            int h = 0;
            for (int i = off; i < off + len; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }
    }
}
