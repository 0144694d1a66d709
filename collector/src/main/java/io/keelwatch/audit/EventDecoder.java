package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns an event's records into an {@link AuditEvent}: a {@link SyscallEvent} when a SYSCALL record is
 * present (call, task, keys, argv, cwd, paths, sockaddr, proctitle decoded), else a {@link StandaloneEvent}.
 * Stateless: safe to share between threads.
 */
public final class EventDecoder {
    private static final long UNSET = 4294967295L;

    public AuditEvent decode(EventId id, List<AuditRecord> records) {
        AuditRecord sys = null;
        for (AuditRecord r : records) {
            if (r.type() == RecordType.SYSCALL) {
                sys = r;
                break;
            }
        }
        if (sys == null) {
            return new StandaloneEvent(id, records);
        }
        long arch = sys.fieldHex("arch", -1);
        Syscall call = call(sys, arch);
        Execve execve = null;
        String cwd = null;
        List<PathItem> paths = new ArrayList<>();
        SockAddr sockaddr = null;
        List<String> proctitle = List.of();
        for (AuditRecord r : records) {
            switch (r.type()) {
                case RecordType.EXECVE -> {
                    if (execve == null) {
                        execve = new Execve();
                    }
                    execve.add(r);
                }
                case RecordType.CWD -> cwd = cwd != null ? cwd : r.field("cwd");
                case RecordType.PATH -> paths.add(path(r));
                case RecordType.SOCKADDR -> {
                    if (sockaddr == null) {
                        byte[] raw = r.fieldBytes("saddr");
                        sockaddr = raw == null ? null : SockAddrs.decode(raw, arch < 0 || AuditArch.littleEndian(arch));
                    }
                }
                case RecordType.PROCTITLE -> proctitle = proctitle(r);
                default -> { }
            }
        }
        List<String> argv = execve == null ? List.of() : execve.argv();
        paths.sort((a, b) -> Integer.compare(a.item(), b.item()));
        return new SyscallEvent(id, call, task(sys), keys(sys), argv, cwd, paths, sockaddr, proctitle, records);
    }

    static Syscall call(AuditRecord sys, long arch) {
        String archName = arch < 0 ? "unknown" : AuditArch.name(arch);
        int nr = (int) sys.fieldLong("syscall", -1);
        String success = sys.field("success");
        Syscall.Result result = success == null ? Syscall.Result.UNKNOWN
                : success.equals("yes") ? Syscall.Result.SUCCESS : Syscall.Result.FAILURE;
        long exit = sys.fieldLong("exit", 0);
        return new Syscall(archName, nr, AuditArch.syscallName(archName, nr), result, exit, Errno.forExit(exit),
                sys.fieldHex("a0", 0), sys.fieldHex("a1", 0), sys.fieldHex("a2", 0), sys.fieldHex("a3", 0),
                (int) sys.fieldLong("items", 0));
    }

    static Task task(AuditRecord s) {
        return new Task((int) s.fieldLong("pid", -1), (int) s.fieldLong("ppid", -1), id(s, "auid"),
                id(s, "uid"), id(s, "gid"), id(s, "euid"), id(s, "suid"), id(s, "fsuid"), id(s, "egid"),
                id(s, "sgid"), id(s, "fsgid"), s.field("tty"), id(s, "ses"), s.field("comm"), s.field("exe"),
                s.field("subj"));
    }

    /** Ids print {@code 4294967295} (or {@code -1}, or {@code unset}) for unset; all become -1. */
    private static long id(AuditRecord s, String name) {
        long v = s.fieldLong(name, -1);
        return v == UNSET ? -1 : v;
    }

    static List<String> keys(AuditRecord sys) {
        String key = sys.field("key");
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
        return keys;
    }

    static PathItem path(AuditRecord r) {
        return new PathItem((int) r.fieldLong("item", -1), r.field("name"), r.fieldLong("inode", -1),
                r.field("dev"), (int) r.fieldOctal("mode", -1), id(r, "ouid"), id(r, "ogid"), r.field("nametype"));
    }

    static List<String> proctitle(AuditRecord r) {
        byte[] b = r.fieldBytes("proctitle");
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
        return Collections.unmodifiableList(parts);
    }
}
