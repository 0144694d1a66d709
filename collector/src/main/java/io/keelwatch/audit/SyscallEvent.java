package io.keelwatch.audit;

import java.util.List;

/**
 * A syscall event decoded from its records (SYSCALL, EXECVE, CWD, PATH, SOCKADDR, PROCTITLE, ...).
 *
 * @param id        the event identity
 * @param call      what the SYSCALL record says of the call itself
 * @param task      what the SYSCALL record says of the calling task
 * @param keys      audit rule keys (several when the kernel joined them with 0x01); empty for {@code (null)}
 * @param argv      the EXECVE arguments, joined across split and repeated records; empty when no EXECVE
 * @param cwd       the CWD record's path, or {@code null}
 * @param paths     PATH records in item order
 * @param sockaddr  the decoded SOCKADDR, or {@code null}
 * @param proctitle the PROCTITLE split at NULs (at most 128 bytes: not a substitute for argv)
 * @param names     the names an ENRICHED log gives the task's ids ({@link IdNames#NONE} in a RAW log)
 * @param openHow   the OPENAT2 record's {@code open_how} (openat2's flags), or {@code null}
 * @param records   every record of the event, for fields not decoded above
 */
public record SyscallEvent(
        EventId id,
        Syscall call,
        Task task,
        List<String> keys,
        List<String> argv,
        String cwd,
        List<PathItem> paths,
        SockAddr sockaddr,
        List<String> proctitle,
        IdNames names,
        OpenHow openHow,
        List<AuditRecord> records) implements AuditEvent {

    public SyscallEvent {
        keys = List.copyOf(keys);
        argv = List.copyOf(argv);
        paths = List.copyOf(paths);
        proctitle = List.copyOf(proctitle);
        names = java.util.Objects.requireNonNull(names, "names (IdNames.NONE for none)");
        records = List.copyOf(records);
    }

    /** An event from a RAW log without an OPENAT2 record, as tests and synthetic loads build them. */
    public SyscallEvent(EventId id, Syscall call, Task task, List<String> keys, List<String> argv, String cwd,
                        List<PathItem> paths, SockAddr sockaddr, List<String> proctitle, List<AuditRecord> records) {
        this(id, call, task, keys, argv, cwd, paths, sockaddr, proctitle, IdNames.NONE, null, records);
    }

    /** The first record of the given type, or {@code null}. */
    public AuditRecord record(int type) {
        for (AuditRecord r : records) {
            if (r.type() == type) {
                return r;
            }
        }
        return null;
    }
}
