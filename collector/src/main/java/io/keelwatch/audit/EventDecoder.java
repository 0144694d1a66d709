package io.keelwatch.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an event's records into an {@link AuditEvent}: a {@link SyscallEvent} when a SYSCALL record is
 * present (call, task, keys, argv, cwd, paths, sockaddr, proctitle, ENRICHED id names, openat2's open_how
 * decoded), else a {@link StandaloneEvent}.
 * What a record says on its own comes from {@link RecordParts}, once per record; this class assembles.
 * Stateless: safe to share between threads.
 */
public final class EventDecoder {
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
        RecordPart.SyscallPart f = RecordParts.syscall(sys);
        Execve execve = null;
        String cwd = null;
        List<PathItem> paths = new ArrayList<>();
        SockAddr sockaddr = null;
        List<String> proctitle = List.of();
        OpenHow openHow = null;
        for (AuditRecord r : records) {
            switch (r.type()) {
                case RecordType.EXECVE -> {
                    if (execve == null) {
                        execve = new Execve();
                    }
                    execve.add(r);
                }
                case RecordType.CWD -> cwd = cwd != null ? cwd : RecordParts.cwd(r);
                case RecordType.PATH -> paths.add(RecordParts.path(r));
                case RecordType.SOCKADDR -> {
                    if (sockaddr == null) {
                        byte[] raw = RecordParts.firstBytes(r, FieldName.SADDR);
                        sockaddr = raw == null ? null
                                : SockAddrs.decode(raw, f.arch() < 0 || AuditArch.littleEndian(f.arch()));
                    }
                }
                case RecordType.PROCTITLE -> proctitle = RecordParts.proctitle(r);
                case RecordType.OPENAT2 -> openHow = openHow != null ? openHow : RecordParts.openHow(r);
                default -> { }
            }
        }
        List<String> argv = execve == null ? List.of() : execve.argv();
        paths.sort((a, b) -> Integer.compare(a.item(), b.item()));
        return new SyscallEvent(id, f.call(), f.task(), f.keys(), argv, cwd, paths, sockaddr, proctitle, f.names(),
                openHow, records);
    }

    /**
     * Decodes what this record says on its own (a SYSCALL's call and task, a PATH item, a PROCTITLE, a
     * CWD, an OPENAT2) and keeps it with the record, so that {@link #decode} only assembles. A reader thread calls
     * it ahead of the thread that reassembles and decodes events; calling it is never required.
     */
    public static void prepare(AuditRecord r) {
        RecordParts.prepare(r);
    }
}
