package io.keelwatch.audit.json;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.PathItem;
import io.keelwatch.audit.RecordType;
import io.keelwatch.audit.SockAddr;
import io.keelwatch.audit.StandaloneEvent;
import io.keelwatch.audit.Syscall;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import java.util.List;

/**
 * One event as one JSON object: identity, record types in arrival order, the decoded syscall parts
 * (syscall, task, keys, argv, cwd, paths, sockaddr, proctitle) and, for every record not decoded into
 * those, its fields by name (raw body interpreted; ENRICHED tail under {@code "enriched"}).
 */
public final class EventJson {
    private final JsonWriter w = new JsonWriter();

    /** The event as a JSON line (no trailing newline). The returned builder is reused by the next call. */
    public CharSequence write(AuditEvent e) {
        w.reset().beginObject();
        w.field("id", e.id().toString());
        w.field("node", e.id().node());
        w.field("time_ms", e.id().timestampMs());
        w.field("serial", e.id().serial());
        w.field("type", e.records().isEmpty() ? null : headType(e));
        w.name("records").beginArray();
        for (AuditRecord r : e.records()) {
            w.value(r.typeName());
        }
        w.endArray();
        if (e instanceof SyscallEvent s) {
            syscall(s);
        }
        w.name("other").beginArray();
        for (AuditRecord r : e.records()) {
            if (!(e instanceof SyscallEvent) || !decoded(r.type())) {
                record(r);
            }
        }
        w.endArray();
        w.endObject();
        return w.buffer();
    }

    private static String headType(AuditEvent e) {
        if (e instanceof SyscallEvent) {
            return "SYSCALL";
        }
        return e.records().get(0).typeName();
    }

    private static boolean decoded(int type) {
        return type == RecordType.SYSCALL || type == RecordType.EXECVE || type == RecordType.CWD
                || type == RecordType.PATH || type == RecordType.SOCKADDR || type == RecordType.PROCTITLE
                || type == RecordType.EOE;
    }

    private void syscall(SyscallEvent s) {
        Syscall c = s.call();
        w.name("syscall").beginObject()
                .field("arch", c.arch())
                .field("name", c.name())
                .field("number", c.number());
        w.name("success");
        if (c.result() == Syscall.Result.UNKNOWN) {
            w.nullValue();
        } else {
            w.value(c.result() == Syscall.Result.SUCCESS);
        }
        w.field("exit", c.exit()).field("exit_name", c.exitName())
                .field("a0", Long.toHexString(c.a0())).field("a1", Long.toHexString(c.a1()))
                .field("a2", Long.toHexString(c.a2())).field("a3", Long.toHexString(c.a3()))
                .field("items", c.items())
                .endObject();
        Task t = s.task();
        w.name("task").beginObject()
                .field("pid", t.pid()).field("ppid", t.ppid()).field("auid", t.auid())
                .field("uid", t.uid()).field("gid", t.gid()).field("euid", t.euid()).field("suid", t.suid())
                .field("fsuid", t.fsuid()).field("egid", t.egid()).field("sgid", t.sgid()).field("fsgid", t.fsgid())
                .field("tty", t.tty()).field("ses", t.ses()).field("comm", t.comm()).field("exe", t.exe())
                .field("subj", t.subj())
                .endObject();
        strings("keys", s.keys());
        if (s.record(RecordType.EXECVE) != null) {
            strings("argv", s.argv());
        }
        w.field("cwd", s.cwd());
        if (!s.paths().isEmpty()) {
            w.name("paths").beginArray();
            for (PathItem p : s.paths()) {
                w.beginObject().field("item", p.item()).field("name", p.name()).field("inode", p.inode())
                        .field("dev", p.dev()).field("mode", p.mode() < 0 ? null : Integer.toOctalString(p.mode()))
                        .field("ouid", p.ouid()).field("ogid", p.ogid()).field("nametype", p.nametype())
                        .endObject();
            }
            w.endArray();
        }
        if (s.sockaddr() != null) {
            sockaddr(s.sockaddr());
        }
        if (!s.proctitle().isEmpty()) {
            strings("proctitle", s.proctitle());
        }
    }

    private void sockaddr(SockAddr a) {
        w.name("sockaddr").beginObject();
        if (a instanceof SockAddr.Inet in) {
            w.field("family", in.v6() ? "inet6" : "inet").field("ip", in.ip()).field("port", in.port());
        } else if (a instanceof SockAddr.Unix u) {
            w.field("family", "unix").field("path", u.path()).name("abstract").value(u.abstractName());
        } else if (a instanceof SockAddr.Netlink n) {
            w.field("family", "netlink").field("pid", n.pid()).field("groups", n.groups());
        } else if (a instanceof SockAddr.Other o) {
            w.field("family", o.family()).field("hex", o.hex());
        }
        w.endObject();
    }

    private void strings(String name, List<String> values) {
        w.name(name).beginArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }

    private void record(AuditRecord r) {
        w.beginObject().field("type", r.typeName());
        w.name("fields").beginObject();
        for (int i = 0; i < r.rawFieldCount(); i++) {
            if (r.kind(i) == AuditRecord.ValueKind.NESTED) {
                continue;
            }
            w.name(r.fieldName(i)).value(r.value(i));
        }
        w.endObject();
        if (r.rawFieldCount() < r.fieldCount()) {
            w.name("enriched").beginObject();
            for (int i = r.rawFieldCount(); i < r.fieldCount(); i++) {
                w.name(r.fieldName(i)).value(r.value(i));
            }
            w.endObject();
        }
        w.endObject();
    }
}
