package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one record says on its own, decoded in one walk over its fields ({@link FieldCursor}, no index
 * built) and kept with the record ({@link AuditRecord}'s part slot), so it is decoded once whichever
 * thread asks first ({@link RecordPart}): a SYSCALL's call, task, keys and the names its ENRICHED tail gives
 * the ids, a PATH item, a PROCTITLE's words, a CWD, an OPENAT2's {@code open_how}. Each
 * field's name code is read once and the first field of a name wins, as a search by name would have it.
 */
final class RecordParts {
    private static final long UNSET = 4294967295L;
    private static final int NULLISH = AuditRecord.ValueKind.NULLISH.ordinal();

    private RecordParts() { }

    static void prepare(AuditRecord r) {
        switch (r.type()) {
            case RecordType.SYSCALL -> syscall(r);
            case RecordType.PATH -> path(r);
            case RecordType.PROCTITLE -> proctitle(r);
            case RecordType.CWD -> cwd(r);
            case RecordType.OPENAT2 -> openHow(r);
            default -> { }
        }
    }

    // Each reads the record's slot, else decodes and keeps the part: a record's type fixes its part's kind.

    static RecordPart.SyscallPart syscall(AuditRecord r) {
        if (r.part() instanceof RecordPart.SyscallPart p) {
            return p;
        }
        RecordPart.SyscallPart p = new SyscallFields(r).part();
        r.part(p);
        return p;
    }

    static PathItem path(AuditRecord r) {
        if (r.part() instanceof PathItem p) {
            return p;
        }
        PathItem p = decodePath(r);
        r.part(p);
        return p;
    }

    static List<String> proctitle(AuditRecord r) {
        if (r.part() instanceof RecordPart.Proctitle p) {
            return p.words();
        }
        RecordPart.Proctitle p = new RecordPart.Proctitle(decodeProctitle(r));
        r.part(p);
        return p.words();
    }

    /** The CWD record's path, or {@code null}. */
    static String cwd(AuditRecord r) {
        if (r.part() instanceof RecordPart.Cwd p) {
            return p.path();
        }
        RecordPart.Cwd p = decodeCwd(r);
        r.part(p);
        return p.path();
    }

    static OpenHow openHow(AuditRecord r) {
        if (r.part() instanceof OpenHow p) {
            return p;
        }
        OpenHow p = decodeOpenHow(r);
        r.part(p);
        return p;
    }

    private static RecordPart.Cwd decodeCwd(AuditRecord r) {
        for (FieldCursor f = r.rawFields(); f.next(); ) {
            if (f.code() == FieldName.CWD) {
                String v = FieldCodec.text(r.lineBytes(), f.kind(), f.valueStart(), f.valueEnd(), true);
                return v == null ? RecordPart.Cwd.NONE : new RecordPart.Cwd(v);
            }
        }
        return RecordPart.Cwd.NONE;
    }

    /** {@code oflag=0%llo mode=0%llo resolve=0x%llx}, as the kernel prints it (audit_log_openat2_how). */
    private static OpenHow decodeOpenHow(AuditRecord r) {
        byte[] b = r.lineBytes();
        long flags = -1;
        long mode = -1;
        long resolve = -1;
        for (FieldCursor f = r.rawFields(); f.nextNewName(); ) {
            int k = f.kind();
            int s = f.valueStart();
            int e = f.valueEnd();
            switch (f.code()) {
                case FieldName.OFLAG -> flags = FieldCodec.octal(b, k, s, e, -1);
                case FieldName.MODE -> mode = FieldCodec.octal(b, k, s, e, -1);
                case FieldName.RESOLVE -> {
                    boolean prefixed = e - s > 2 && b[s] == '0' && (b[s + 1] == 'x' || b[s + 1] == 'X');
                    resolve = FieldCodec.hex(b, k, prefixed ? s + 2 : s, e, -1);
                }
                default -> { }
            }
        }
        return new OpenHow(flags, mode, resolve);
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
        String auidName;
        String uidName;
        String gidName;

        SyscallFields(AuditRecord r) {
            byte[] b = r.lineBytes();
            for (FieldCursor f = r.rawFields(); f.nextNewName(); ) {
                int c = f.code();
                int k = f.kind();
                int s = f.valueStart();
                int e = f.valueEnd();
                switch (c) {
                    case FieldName.ARCH -> arch = FieldCodec.hex(b, k, s, e, -1);
                    case FieldName.SYSCALL -> nr = (int) FieldCodec.decimal(b, k, s, e, -1);
                    case FieldName.SUCCESS -> result = k == NULLISH ? Syscall.Result.UNKNOWN
                            : FieldCodec.equalsAscii(b, s, e, "yes") ? Syscall.Result.SUCCESS : Syscall.Result.FAILURE;
                    case FieldName.EXIT -> exit = FieldCodec.decimal(b, k, s, e, 0);
                    case FieldName.A0 -> a0 = FieldCodec.hex(b, k, s, e, 0);
                    case FieldName.A1 -> a1 = FieldCodec.hex(b, k, s, e, 0);
                    case FieldName.A2 -> a2 = FieldCodec.hex(b, k, s, e, 0);
                    case FieldName.A3 -> a3 = FieldCodec.hex(b, k, s, e, 0);
                    case FieldName.ITEMS -> items = (int) FieldCodec.decimal(b, k, s, e, 0);
                    case FieldName.PID -> pid = (int) FieldCodec.decimal(b, k, s, e, -1);
                    case FieldName.PPID -> ppid = (int) FieldCodec.decimal(b, k, s, e, -1);
                    case FieldName.AUID -> auid = id(b, f);
                    case FieldName.UID -> uid = id(b, f);
                    case FieldName.GID -> gid = id(b, f);
                    case FieldName.EUID -> euid = id(b, f);
                    case FieldName.SUID -> suid = id(b, f);
                    case FieldName.FSUID -> fsuid = id(b, f);
                    case FieldName.EGID -> egid = id(b, f);
                    case FieldName.SGID -> sgid = id(b, f);
                    case FieldName.FSGID -> fsgid = id(b, f);
                    case FieldName.SES -> ses = id(b, f);
                    case FieldName.TTY -> tty = FieldCodec.text(b, k, s, e, false);
                    case FieldName.COMM -> comm = FieldCodec.text(b, k, s, e, true);
                    case FieldName.EXE -> exe = FieldCodec.text(b, k, s, e, true);
                    case FieldName.SUBJ -> subj = FieldCodec.text(b, k, s, e, false);
                    case FieldName.KEY -> key = FieldCodec.text(b, k, s, e, true);
                    default -> { }
                }
            }
            names(r, b);
        }

        /** The ENRICHED tail's {@code AUID=}, {@code UID=}, {@code GID=} (upper case, no codes); the first wins. */
        private void names(AuditRecord r, byte[] b) {
            for (FieldCursor f = r.tailFields(); f.next(); ) {
                int ns = f.nameStart();
                int ne = f.nameEnd();
                if (auidName == null && FieldCodec.equalsAscii(b, ns, ne, "AUID")) {
                    auidName = name(b, f);
                } else if (uidName == null && FieldCodec.equalsAscii(b, ns, ne, "UID")) {
                    uidName = name(b, f);
                } else if (gidName == null && FieldCodec.equalsAscii(b, ns, ne, "GID")) {
                    gidName = name(b, f);
                }
            }
        }

        private static String name(byte[] b, FieldCursor f) {
            String v = FieldCodec.text(b, f.kind(), f.valueStart(), f.valueEnd(), false);
            return v == null || v.isEmpty() ? null : v;
        }

        RecordPart.SyscallPart part() {
            String archName = arch < 0 ? "unknown" : AuditArch.name(arch);
            Syscall call = new Syscall(archName, nr,
                    AuditArch.syscallName(archName, nr), result, exit, Errno.forExit(exit), a0, a1, a2, a3, items);
            Task task = new Task(pid, ppid, auid, uid, gid, euid, suid, fsuid, egid, sgid, fsgid, tty, ses, comm, exe,
                    subj);
            IdNames names = auidName == null && uidName == null && gidName == null ? IdNames.NONE
                    : new IdNames(auidName, uidName, gidName);
            return new RecordPart.SyscallPart(arch, call, task, keys(key), names);
        }
    }

    /** Ids print {@code 4294967295} (or {@code -1}, or {@code unset}) for unset; all become -1. */
    private static long id(byte[] b, FieldCursor f) {
        long v = FieldCodec.decimal(b, f.kind(), f.valueStart(), f.valueEnd(), -1);
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
        byte[] b = r.lineBytes();
        int item = -1;
        String name = null;
        long inode = -1;
        String dev = null;
        int mode = -1;
        long ouid = -1;
        long ogid = -1;
        String nametype = null;
        for (FieldCursor f = r.rawFields(); f.nextNewName(); ) {
            int c = f.code();
            int k = f.kind();
            int s = f.valueStart();
            int e = f.valueEnd();
            switch (c) {
                case FieldName.ITEM -> item = (int) FieldCodec.decimal(b, k, s, e, -1);
                case FieldName.NAME -> name = FieldCodec.text(b, k, s, e, true);
                case FieldName.INODE -> inode = FieldCodec.decimal(b, k, s, e, -1);
                case FieldName.DEV -> dev = FieldCodec.text(b, k, s, e, false);
                case FieldName.MODE -> mode = (int) FieldCodec.octal(b, k, s, e, -1);
                case FieldName.OUID -> ouid = id(b, f);
                case FieldName.OGID -> ogid = id(b, f);
                case FieldName.NAMETYPE -> nametype = FieldCodec.text(b, k, s, e, false);
                default -> { }
            }
        }
        return new PathItem(item, name, inode, dev, mode, ouid, ogid, nametype);
    }

    /** The first raw field named by {@code code}, its value's bytes (decoded), or {@code null}. */
    static byte[] firstBytes(AuditRecord r, int code) {
        for (FieldCursor f = r.rawFields(); f.next(); ) {
            if (f.code() == code) {
                return FieldCodec.bytes(r.lineBytes(), f.kind(), f.valueStart(), f.valueEnd(), FieldName.encoded(code));
            }
        }
        return null;
    }

    private static List<String> decodeProctitle(AuditRecord r) {
        byte[] b = firstBytes(r, FieldName.PROCTITLE);
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
