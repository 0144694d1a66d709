package io.keelwatch.rules.fields;

import static io.keelwatch.rules.fields.Fields.Table.EVENT;
import static io.keelwatch.rules.fields.Fields.Table.bool;

import io.keelwatch.audit.IdNames;
import io.keelwatch.audit.PathItem;
import io.keelwatch.audit.SockAddr;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import java.time.Instant;
import java.util.List;

/** {@code evt.*}, {@code fd.*}, {@code user.*}, {@code group.*}: what the audit records of one syscall say. */
final class EventFields {
    private EventFields() { }

    static void register(Fields.Table t) {
        t.str("evt.type", Fields.Table.TYPED, c -> c.audit() != null ? c.syscall()
                : c.lifecycle() != null ? c.lifecycle().type() : null);
        t.str("evt.dir", EVENT, c -> c.audit() == null ? null : "<");
        t.num("evt.num", EVENT, c -> c.audit() == null ? Extractor.MISSING : c.audit().id().serial());
        t.str("evt.time", Fields.Table.TYPED, c -> c.audit() != null ? Instant.ofEpochMilli(c.audit().id().timestampMs()).toString()
                : c.lifecycle() != null ? Instant.ofEpochMilli(c.nowMs()).toString() : null);
        t.num("evt.rawtime", Fields.Table.TYPED, c -> c.audit() != null ? c.audit().id().timestampMs() * 1_000_000L
                : c.lifecycle() != null ? c.nowMs() * 1_000_000L : Extractor.MISSING);
        t.str("evt.res", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.FAILED_CALLS), EventFields::res);
        t.num("evt.rawres", EVENT, c -> c.audit() == null ? Extractor.MISSING : c.audit().call().exit());
        t.bool("evt.failed", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.FAILED_CALLS), c -> c.audit() == null ? Extractor.MISSING : bool(c.audit().call().failed()));
        t.bool("evt.is_open_write", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.WRITE_INTENT), c -> openBool(c, true));
        t.bool("evt.is_open_read", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.READ_INTENT), c -> openBool(c, false));
        t.str("evt.arg.flags", EVENT, c -> Syscalls.flagNames(c.audit()));
        t.str("evt.arg.request", EVENT, c -> is(c, "ptrace") ? Syscalls.ptraceRequest(c.audit().call().a0()) : null);
        t.str("evt.arg.domain", EVENT, c -> is(c, "socket") ? Syscalls.socketFamily(c.audit().call().a0()) : null);
        t.str("evt.arg.type", EVENT, c -> is(c, "socket") ? Syscalls.socketType(c.audit().call().a1()) : null);
        t.str("evt.arg.mode", EVENT, c -> modeNames(mode(c)));
        t.num("evt.arg.rawmode", EVENT, EventFields::mode);
        t.str("evt.arg.cmd", EVENT, c -> is(c, "bpf") ? bpfCommand(c.audit().call().a0()) : null);
        t.str("evt.arg.nstype", EVENT, c -> is(c, "setns") ? Syscalls.nsFlagNames(c.audit().call().a1()) : null);
        t.str("evt.arg.oldpath", EVENT, c -> pathOf(c, "DELETE", "NORMAL"));
        t.str("evt.arg.newpath", EVENT, c -> pathOf(c, "CREATE", null));
        t.str("evt.arg.linkpath", EVENT, c -> pathOf(c, "CREATE", null));
        t.str("evt.arg.name", EVENT, FieldDef.Traits.PATH, EvalContext::path);
        t.str("evt.arg.path", EVENT, FieldDef.Traits.PATH, EvalContext::path);
        t.str("evt.arg.dir", EVENT, c -> is(c, "mount") || is(c, "umount2") ? c.path() : null);
        t.str("evt.arg.dev", EVENT, EventFields::blockDevice);
        t.bool("evt.has_blockdev", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.BLOCK_DEVICE), c -> c.audit() == null ? Extractor.MISSING : bool(blockDevice(c) != null));
        t.str("evt.args", EVENT, EventFields::args);
        t.num("window.count", EVENT, c -> c.windowCount);
        t.str("window.values", EVENT, c -> c.windowValues);
        t.list("evt.key", EVENT, c -> c.audit() == null ? List.of() : c.audit().keys());

        t.str("fd.name", EVENT, FieldDef.Traits.PATH, c -> (String) c.memo(EvalContext.FD_NAME, EventFields::fdName));
        t.str("fd.nameraw", EVENT, c -> (String) c.memo(EvalContext.FD_NAME, EventFields::fdName));
        t.str("fd.directory", EVENT, FieldDef.Traits.DIRECTORY, c -> {
            PathItem p = c.pathItem();
            return p != null && "directory".equals(Syscalls.fileType(p.mode())) ? c.path() : Paths.dirname(c.path());
        });
        t.str("fd.filename", EVENT, c -> Paths.basename(c.path()));
        t.str("fd.typechar", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.INET_CONNECT), EventFields::typechar);
        t.str("fd.type", EVENT, EventFields::fdType);
        t.str("fd.filetype", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.BLOCK_DEVICE), c -> c.pathItem() == null ? null : Syscalls.fileType(c.pathItem().mode()));
        t.num("fd.num", EVENT, EventFields::fdNum);
        t.ip("fd.sip", FieldDef.Traits.hint(FieldDef.AuditHint.INET_CONNECT), c -> serverIp(c));
        t.num("fd.sport", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.INET_CONNECT), EventFields::serverPort);
        t.ip("fd.rip", c -> remoteIp(c));
        t.num("fd.rport", EVENT, EventFields::remotePort);
        t.ip("fd.dip", c -> remoteIp(c));
        t.num("fd.dport", EVENT, EventFields::remotePort);
        t.ip("fd.lip", c -> is(c, "bind") && c.inet() != null ? c.inet().ip() : null);
        t.num("fd.lport", EVENT, c -> is(c, "bind") && c.inet() != null ? c.inet().port() : Extractor.MISSING);
        t.ip("fd.net", c -> c.inet() != null ? c.inet().ip() : null);
        t.ip("fd.snet", c -> c.inet() != null ? c.inet().ip() : null);
        t.ip("fd.rnet", c -> remoteIp(c));
        t.ip("fd.ip", c -> c.inet() != null ? c.inet().ip() : null);
        // the client end: audit records the peer's address of an accept (the address returned to the caller)
        t.ip("fd.cip", c -> accepted(c) && c.inet() != null ? c.inet().ip() : null);
        t.num("fd.cport", EVENT, c -> accepted(c) && c.inet() != null ? c.inet().port() : Extractor.MISSING);
        t.ip("fd.cnet", c -> accepted(c) && c.inet() != null ? c.inet().ip() : null);
        t.str("evt.source", EVENT, c -> "syscall");
        t.num("fd.port", EVENT, c -> c.inet() != null ? c.inet().port() : Extractor.MISSING);
        t.str("fd.sockfamily", EVENT, c -> c.inet() != null ? "ip" : c.unix() != null ? "unix" : null);
        // Falco: the connection is (being) established; audit: connect succeeded or is in progress
        t.bool("fd.connected", EVENT, c -> !"connect".equals(c.syscall()) ? Extractor.MISSING
                : bool(!c.audit().call().failed() || c.audit().call().exit() == -115));
        // Falco sets this on the exit event of the call that named the fd (connect, bind, accept)
        t.bool("fd.name_changed", EVENT, c -> c.inet() != null || c.unix() != null ? 1 : Extractor.MISSING);
        t.str("fd.l4proto", EVENT, EventFields::l4proto);
        t.str("fd.hostpath", EVENT, FieldDef.Traits.PATH, EventFields::hostPath);
        t.str("fd.mount.source", EVENT, c -> mount(c) == null ? null : mount(c).source());
        t.str("fd.mount.dest", EVENT, c -> mount(c) == null ? null : mount(c).destination());
        t.str("fd.mount.type", EVENT, c -> mount(c) == null ? null : mount(c).type());
        t.bool("fd.mount.rw", EVENT, c -> mount(c) == null ? Extractor.MISSING : bool(mount(c).readWrite()));

        t.num("user.uid", EVENT, c -> task(c) == null ? Extractor.MISSING : task(c).uid());
        t.num("user.euid", EVENT, c -> task(c) == null ? Extractor.MISSING : task(c).euid());
        t.str("user.name", EVENT, c -> task(c) == null ? null : idName(c, "UID", task(c).uid()));
        t.num("user.loginuid", EVENT, c -> task(c) == null ? Extractor.MISSING : task(c).auid());
        t.str("user.loginname", EVENT, c -> task(c) == null ? null : idName(c, "AUID", task(c).auid()));
        t.num("group.gid", EVENT, c -> task(c) == null ? Extractor.MISSING : task(c).gid());
        t.str("group.name", EVENT, c -> task(c) == null ? null : idName(c, "GID", task(c).gid()));
    }

    static Task task(EvalContext c) {
        return c.audit() == null ? null : c.audit().task();
    }

    private static boolean is(EvalContext c, String syscall) {
        return c.audit() != null && syscall.equals(c.audit().call().name());
    }

    private static String res(EvalContext c) {
        SyscallEvent e = c.audit();
        if (e == null) {
            return null;
        }
        if (!e.call().failed()) {
            return "SUCCESS";
        }
        return e.call().exitName() != null ? e.call().exitName() : Long.toString(e.call().exit());
    }

    private static long openBool(EvalContext c, boolean write) {
        long f = Syscalls.openFlags(c.audit());
        if (f < 0) {
            return Extractor.MISSING;
        }
        return bool(write ? Syscalls.isWrite(f) : Syscalls.isRead(f));
    }

    private static long mode(EvalContext c) {
        SyscallEvent e = c.audit();
        if (e == null) {
            return Extractor.MISSING;
        }
        return switch (e.call().name()) {
            case "chmod", "fchmod" -> e.call().a1();
            case "fchmodat" -> e.call().a2();
            default -> Extractor.MISSING;
        };
    }

    private static final int[] MODE_BITS = {04000, 02000, 01000, 0400, 0200, 0100, 040, 020, 010, 04, 02, 01};
    private static final String[] MODE_NAMES = {"S_ISUID", "S_ISGID", "S_ISVTX", "S_IRUSR", "S_IWUSR", "S_IXUSR",
        "S_IRGRP", "S_IWGRP", "S_IXGRP", "S_IROTH", "S_IWOTH", "S_IXOTH"};

    /** Falco renders modes as flag names: {@code S_ISUID|S_IRWXU...}. */
    static String modeNames(long mode) {
        if (mode == Extractor.MISSING) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < MODE_BITS.length; i++) {
            if ((mode & MODE_BITS[i]) != 0) {
                if (b.length() > 0) {
                    b.append('|');
                }
                b.append(MODE_NAMES[i]);
            }
        }
        return b.toString();
    }

    private static String pathOf(EvalContext c, String type, String fallbackType) {
        PathItem p = Syscalls.pathOfType(c.audit(), type);
        if (p == null && fallbackType != null) {
            p = Syscalls.pathOfType(c.audit(), fallbackType);
        }
        return p == null ? null : Paths.absolute(p.name(), c.audit().cwd());
    }

    private static String blockDevice(EvalContext c) {
        if (c.audit() == null) {
            return null;
        }
        for (PathItem p : c.audit().paths()) {
            if (p.name() != null && "block".equals(Syscalls.fileType(p.mode()))) {
                return Paths.absolute(p.name(), c.audit().cwd());
            }
        }
        return null;
    }

    private static String args(EvalContext c) {
        SyscallEvent e = c.audit();
        if (e == null) {
            return null;
        }
        return "a0=" + Long.toHexString(e.call().a0()) + " a1=" + Long.toHexString(e.call().a1())
                + " a2=" + Long.toHexString(e.call().a2()) + " a3=" + Long.toHexString(e.call().a3());
    }

    static String fdName(EvalContext c) {
        SockAddr.Inet i = c.inet();
        if (i != null) {
            return i.v6() ? "[" + i.ip() + "]:" + i.port() : i.ip() + ":" + i.port();
        }
        SockAddr.Unix u = c.unix();
        if (u != null) {
            return u.abstractName() ? "@" + u.path() : u.path();
        }
        return c.path();
    }

    private static String typechar(EvalContext c) {
        SockAddr.Inet i = c.inet();
        if (i != null) {
            return i.v6() ? "6" : "4";
        }
        if (c.unix() != null) {
            return "u";
        }
        PathItem p = c.pathItem();
        if (p == null) {
            return null;
        }
        return "directory".equals(Syscalls.fileType(p.mode())) ? "d" : "f";
    }

    private static String fdType(EvalContext c) {
        String t = typechar(c);
        if (t == null) {
            return null;
        }
        return switch (t) {
            case "4" -> "ipv4";
            case "6" -> "ipv6";
            case "u" -> "unix";
            case "d" -> "directory";
            default -> "file";
        };
    }

    private static long fdNum(EvalContext c) {
        SyscallEvent e = c.audit();
        if (e == null) {
            return Extractor.MISSING;
        }
        String sc = e.call().name();
        if (Syscalls.OPEN_FAMILY.contains(sc)) {
            return e.call().exit() >= 0 ? e.call().exit() : -1;
        }
        return switch (sc) {
            case "connect", "bind", "sendto", "sendmsg", "accept", "accept4", "listen" -> e.call().a0();
            default -> Extractor.MISSING;
        };
    }

    private static boolean outbound(EvalContext c) {
        String sc = c.syscall();
        return "connect".equals(sc) || "sendto".equals(sc) || "sendmsg".equals(sc);
    }

    /** bpf(2) commands as Falco names them (include/uapi/linux/bpf.h order); unknown ones as their number. */
    private static final String[] BPF_COMMANDS = {"BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM",
        "BPF_MAP_DELETE_ELEM", "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET",
        "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN", "BPF_PROG_GET_NEXT_ID", "BPF_MAP_GET_NEXT_ID",
        "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID", "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY",
        "BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID", "BPF_TASK_FD_QUERY",
        "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID", "BPF_MAP_LOOKUP_BATCH",
        "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH", "BPF_MAP_DELETE_BATCH", "BPF_LINK_CREATE",
        "BPF_LINK_UPDATE", "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS", "BPF_ITER_CREATE",
        "BPF_LINK_DETACH", "BPF_PROG_BIND_MAP", "BPF_TOKEN_CREATE"};

    static String bpfCommand(long cmd) {
        return cmd >= 0 && cmd < BPF_COMMANDS.length ? BPF_COMMANDS[(int) cmd] : Long.toString(cmd);
    }

    private static boolean accepted(EvalContext c) {
        return is(c, "accept") || is(c, "accept4");
    }

    private static String remoteIp(EvalContext c) {
        return outbound(c) && c.inet() != null ? c.inet().ip() : null;
    }

    private static long remotePort(EvalContext c) {
        return outbound(c) && c.inet() != null ? c.inet().port() : Extractor.MISSING;
    }

    /** The server end: the remote one for outbound calls, the local one for bind. */
    private static String serverIp(EvalContext c) {
        return c.inet() != null ? c.inet().ip() : null;
    }

    private static long serverPort(EvalContext c) {
        return c.inet() != null ? c.inet().port() : Extractor.MISSING;
    }

    private static String l4proto(EvalContext c) {
        SyscallEvent e = c.audit();
        if (e == null || !"socket".equals(e.call().name())) {
            return null;
        }
        return switch ((int) (e.call().a1() & 0xf)) {
            case 1 -> "tcp";
            case 2 -> "udp";
            case 3 -> "raw";
            default -> null;
        };
    }

    private static String hostPath(EvalContext c) {
        String p = c.path();
        if (p == null) {
            return null;
        }
        ContainerInfo ci = c.container();
        if (ci == null) {
            return p;
        }
        return ci.hostPathOf(p).orElse(null);
    }

    private static Mount mount(EvalContext c) {
        ContainerInfo ci = c.container();
        String p = c.path();
        return ci == null || p == null ? null : ci.mountOf(p).orElse(null);
    }

    /**
     * The name an ENRICHED log gives the id (decoded with the event: {@link IdNames}), else {@code root} for
     * 0, else the number.
     *
     * @param enrichedField the ENRICHED tail's name of the id: {@code UID}, {@code AUID} or {@code GID}
     */
    private static String idName(EvalContext c, String enrichedField, long id) {
        if (id == -1) {
            return "unset";
        }
        IdNames names = c.audit().names();
        String v = switch (enrichedField) {
            case "UID" -> names.uid();
            case "AUID" -> names.auid();
            case "GID" -> names.gid();
            default -> throw new IllegalArgumentException("no ENRICHED name decoded for " + enrichedField);
        };
        if (v != null) {
            return v;
        }
        return id == 0 ? "root" : Long.toString(id);
    }
}
