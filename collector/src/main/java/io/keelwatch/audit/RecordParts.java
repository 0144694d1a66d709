package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one record says on its own, decoded in one pass over its fields and kept with the record
 * ({@link AuditRecord}'s part slot), so it is decoded once whichever thread asks first: a SYSCALL's call,
 * task and keys, a PATH item, a PROCTITLE's words, a CWD. Each field's name code is read once and the
 * first field of a name wins, as a search by name would have it.
 */
final class RecordParts {
    private static final long UNSET = 4294967295L;
    /** The part of a record that has none (a CWD without cwd=): not null, which means "not decoded yet". */
    private static final Object NONE = new Object();

    /** A SYSCALL record's meaning. */
    record SyscallPart(long arch, Syscall call, Task task, List<String> keys) {
    }

    private RecordParts() { }

    static void prepare(AuditRecord r) {
        switch (r.type()) {
            case RecordType.SYSCALL -> syscall(r);
            case RecordType.PATH -> path(r);
            case RecordType.PROCTITLE -> proctitle(r);
            case RecordType.CWD -> cwd(r);
            default -> r.rawFieldCount();
        }
    }

    static SyscallPart syscall(AuditRecord r) {
        Object p = r.part();
        if (p == null) {
            p = new SyscallFields(r).part();
            r.part(p);
        }
        return (SyscallPart) p;
    }

    static PathItem path(AuditRecord r) {
        Object p = r.part();
        if (p == null) {
            p = decodePath(r);
            r.part(p);
        }
        return (PathItem) p;
    }

    @SuppressWarnings("unchecked")
    static List<String> proctitle(AuditRecord r) {
        Object p = r.part();
        if (p == null) {
            p = decodeProctitle(r);
            r.part(p);
        }
        return (List<String>) p;
    }

    /** The CWD record's path, or {@code null}. */
    static String cwd(AuditRecord r) {
        Object p = r.part();
        if (p == null) {
            int i = first(r, FieldName.CWD);
            String v = i < 0 ? null : r.value(i, true);
            p = v == null ? NONE : v;
            r.part(p);
        }
        return p == NONE ? null : (String) p;
    }

    /** Index of the first raw field with this name code, or -1. */
    static int first(AuditRecord r, int code) {
        for (int i = 0, n = r.rawFieldCount(); i < n; i++) {
            if (r.nameCode(i) == code) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A SYSCALL record read in one pass: each field's name code is read once and the first field of each
     * name wins, as a search by name would have it.
     */
    private static final class SyscallFields {
        long arch = -1;
        int nr = -1;
        Syscall.Result result = Syscall.Result.UNKNOWN;
        long exit;
        long a0;
        long a1;
        long a2;
        long a3;
        int items;
        int pid = -1;
        int ppid = -1;
        long auid = -1;
        long uid = -1;
        long gid = -1;
        long euid = -1;
        long suid = -1;
        long fsuid = -1;
        long egid = -1;
        long sgid = -1;
        long fsgid = -1;
        long ses = -1;
        String tty;
        String comm;
        String exe;
        String subj;
        String key;

        SyscallFields(AuditRecord s) {
            long seen = 0;
            for (int i = 0, n = s.rawFieldCount(); i < n; i++) {
                int c = s.nameCode(i);
                if ((seen & (1L << c)) != 0) {
                    continue;
                }
                seen |= 1L << c;
                switch (c) {
                    case FieldName.ARCH -> arch = s.valueHex(i, -1);
                    case FieldName.SYSCALL -> nr = (int) s.valueLong(i, -1);
                    case FieldName.SUCCESS -> result = s.kind(i) == AuditRecord.ValueKind.NULLISH
                            ? Syscall.Result.UNKNOWN : s.valueEquals(i, "yes")
                            ? Syscall.Result.SUCCESS : Syscall.Result.FAILURE;
                    case FieldName.EXIT -> exit = s.valueLong(i, 0);
                    case FieldName.A0 -> a0 = s.valueHex(i, 0);
                    case FieldName.A1 -> a1 = s.valueHex(i, 0);
                    case FieldName.A2 -> a2 = s.valueHex(i, 0);
                    case FieldName.A3 -> a3 = s.valueHex(i, 0);
                    case FieldName.ITEMS -> items = (int) s.valueLong(i, 0);
                    case FieldName.PID -> pid = (int) s.valueLong(i, -1);
                    case FieldName.PPID -> ppid = (int) s.valueLong(i, -1);
                    case FieldName.AUID -> auid = id(s, i);
                    case FieldName.UID -> uid = id(s, i);
                    case FieldName.GID -> gid = id(s, i);
                    case FieldName.EUID -> euid = id(s, i);
                    case FieldName.SUID -> suid = id(s, i);
                    case FieldName.FSUID -> fsuid = id(s, i);
                    case FieldName.EGID -> egid = id(s, i);
                    case FieldName.SGID -> sgid = id(s, i);
                    case FieldName.FSGID -> fsgid = id(s, i);
                    case FieldName.SES -> ses = id(s, i);
                    case FieldName.TTY -> tty = s.value(i, false);
                    case FieldName.COMM -> comm = s.value(i, true);
                    case FieldName.EXE -> exe = s.value(i, true);
                    case FieldName.SUBJ -> subj = s.value(i, false);
                    case FieldName.KEY -> key = s.value(i, true);
                    default -> { }
                }
            }
        }

        SyscallPart part() {
            String archName = arch < 0 ? "unknown" : AuditArch.name(arch);
            Syscall call = new Syscall(archName, nr,
                    AuditArch.syscallName(archName, nr), result, exit, Errno.forExit(exit), a0, a1, a2, a3, items);
            Task task = new Task(pid, ppid, auid, uid, gid, euid, suid, fsuid, egid, sgid, fsgid, tty, ses, comm, exe,
                    subj);
            return new SyscallPart(arch, call, task, keys(key));
        }
    }

    /** Ids print {@code 4294967295} (or {@code -1}, or {@code unset}) for unset; all become -1. */
    private static long id(AuditRecord r, int i) {
        long v = r.valueLong(i, -1);
        return v == UNSET ? -1 : v;
    }

    private static List<String> keys(String key) {
        if (key == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(1);
        int start = 0;
        for (int i = 0; i <= key.length(); i++) {
            if (i == key.length() || key.charAt(i) == 0x01) {
                if (i > start) {
                    keys.add(key.substring(start, i));
                }
                start = i + 1;
            }
        }
        return List.copyOf(keys);
    }

    private static PathItem decodePath(AuditRecord r) {
        int item = -1;
        String name = null;
        long inode = -1;
        String dev = null;
        int mode = -1;
        long ouid = -1;
        long ogid = -1;
        String nametype = null;
        long seen = 0;
        for (int i = 0, n = r.rawFieldCount(); i < n; i++) {
            int c = r.nameCode(i);
            if ((seen & (1L << c)) != 0) {
                continue;
            }
            seen |= 1L << c;
            switch (c) {
                case FieldName.ITEM -> item = (int) r.valueLong(i, -1);
                case FieldName.NAME -> name = r.value(i, true);
                case FieldName.INODE -> inode = r.valueLong(i, -1);
                case FieldName.DEV -> dev = r.value(i, false);
                case FieldName.MODE -> mode = (int) r.valueOctal(i, -1);
                case FieldName.OUID -> ouid = id(r, i);
                case FieldName.OGID -> ogid = id(r, i);
                case FieldName.NAMETYPE -> nametype = r.value(i, false);
                default -> { }
            }
        }
        return new PathItem(item, name, inode, dev, mode, ouid, ogid, nametype);
    }

    private static List<String> decodeProctitle(AuditRecord r) {
        int at = first(r, FieldName.PROCTITLE);
        byte[] b = at < 0 ? null : r.valueBytes(at, true);
        if (b == null) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == 0) {
                if (i > start || i < b.length) {
                    parts.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return List.copyOf(parts);
    }
}
