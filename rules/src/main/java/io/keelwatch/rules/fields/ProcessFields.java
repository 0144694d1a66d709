package io.keelwatch.rules.fields;

import static io.keelwatch.rules.fields.Fields.Table.EVENT;
import static io.keelwatch.rules.fields.Fields.Table.bool;

import io.keelwatch.audit.Task;
import io.keelwatch.process.ProcessInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code proc.*}. Follows Falco's meanings: {@code proc.name} is the task's comm, {@code proc.exe} is
 * argv[0] as given, {@code proc.exepath} the executable's path. Busybox and runc re-exec themselves,
 * so comm is often {@code exe}; {@code proc.names} gathers comm, argv[0]'s and the executable's base
 * names so that tool lists match however the program was started.
 */
final class ProcessFields {
    private ProcessFields() { }

    static void register(Fields.Table t) {
        t.str("proc.name", EVENT, ProcessFields::name);
        t.str("proc.exe", EVENT, c -> first(c.argv()));
        t.str("proc.exepath", EVENT, ProcessFields::exepath);
        t.str("proc.cmdline", EVENT, c -> (String) c.memo(EvalContext.CMDLINE,
                x -> x.argv().isEmpty() ? null : String.join(" ", x.argv())));
        t.str("proc.args", EVENT, c -> (String) c.memo(EvalContext.ARGS, x -> rest(x.argv())));
        t.list("proc.names", EVENT, ProcessFields::memoNames);
        t.num("proc.pid", EVENT, c -> task(c) != null ? task(c).pid() : self(c, p -> (long) p.pid()));
        t.num("proc.ppid", EVENT, FieldDef.Traits.hint(FieldDef.AuditHint.PARENT_PID), c -> task(c) != null ? task(c).ppid() : self(c, p -> (long) p.ppid()));
        t.str("proc.cwd", EVENT, c -> c.audit() != null && c.audit().cwd() != null ? c.audit().cwd()
                : c.self() == null ? null : c.self().cwd());
        t.num("proc.tty", EVENT, ProcessFields::tty);
        // Keelwatch's own: the peer the pre-exec image of this pid connected to (a shell exec'd over it)
        t.str("proc.exec_peer", EVENT, c -> c.event() == null || c.event().process() == null ? null : c.event().process().execPeer());
        t.bool("proc.is_exe_from_memfd", EVENT, c -> {
            String e = exepath(c);
            return e == null ? Extractor.MISSING : bool(e.startsWith("/memfd:") || e.startsWith("memfd:"));
        });
        // as Falco: the executable is in the container's writable overlay layer (written or changed after start)
        t.bool("proc.is_exe_upper_layer", EVENT, c -> c.self() == null ? Extractor.MISSING : bool(c.self().exeUpperLayer()));
        // Keelwatch's own: the process descends from a session opened into the container (docker exec, kubectl exec,
        // nsenter), not from the container's init
        t.bool("proc.is_exec_session", EVENT, ProcessFields::execSession);
        t.str("proc.exe_hostpath", EVENT, c -> {
            String e = exepath(c);
            if (e == null || c.container() == null) {
                return null;
            }
            return c.container().hostPathOf(e).orElse(null);
        });
        t.str("proc.pname", EVENT, c -> anc(c, 1, ProcessInfo::name));
        t.str("proc.pexe", EVENT, c -> anc(c, 1, p -> first(p.argv())));
        t.str("proc.pexepath", EVENT, c -> anc(c, 1, ProcessInfo::exe));
        t.str("proc.pcmdline", EVENT, c -> anc(c, 1, p -> p.argv().isEmpty() ? null : p.cmdline()));
        ancestry(t, "proc.aname", ProcessInfo::name);
        ancestry(t, "proc.aexe", p -> first(p.argv()));
        ancestry(t, "proc.aexepath", ProcessInfo::exe);
        ancestry(t, "proc.acmdline", p -> p.argv().isEmpty() ? null : p.cmdline());
        // as Falco, proc.apid without an index is the process itself
        t.add("proc.apid", FieldDef.Arg.OPTIONAL, EVENT, arg -> {
            int n = arg == null ? 0 : Fields.Table.index(arg);
            return new FieldDef.Bound(FieldType.NUMBER, (Extractor.Num) c -> {
                ProcessInfo p = n == 0 ? c.self() : c.ancestor(n);
                return p == null ? Extractor.MISSING : p.pid();
            });
        });
    }

    private static Task task(EvalContext c) {
        return EventFields.task(c);
    }

    private static long self(EvalContext c, Function<ProcessInfo, Long> f) {
        ProcessInfo p = c.self();
        return p == null ? Extractor.MISSING : f.apply(p);
    }

    static String name(EvalContext c) {
        Task t = task(c);
        if (t != null && t.comm() != null) {
            return t.comm();
        }
        return c.self() == null ? null : c.self().name();
    }

    static String exepath(EvalContext c) {
        Task t = task(c);
        if (t != null && t.exe() != null) {
            return t.exe();
        }
        return c.self() == null ? null : c.self().exe();
    }

    @SuppressWarnings("unchecked")
    private static List<String> memoNames(EvalContext c) {
        return (List<String>) c.memo(EvalContext.NAMES, ProcessFields::names);
    }

    private static List<String> names(EvalContext c) {
        Set<String> s = new LinkedHashSet<>(4);
        addBase(s, name(c));
        addBase(s, first(c.argv()));
        addBase(s, exepath(c));
        return new ArrayList<>(s);
    }

    private static void addBase(Set<String> s, String v) {
        if (v != null && !v.isEmpty()) {
            s.add(Paths.basename(v));
        }
    }

    /**
     * The top of the process's chain inside its container (itself or its farthest in-container ancestor) is not the
     * container's init: something outside started it in there. Unknown (missing) for host processes and when the
     * init pid is not known.
     */
    private static long execSession(EvalContext c) {
        ProcessInfo self = c.self();
        if (self == null || c.container() == null || c.container().initPid() <= 0 || c.event() == null) {
            return Extractor.MISSING;
        }
        int init = c.container().initPid();
        ProcessInfo top = self;
        for (ProcessInfo a : c.event().process().ancestors()) {
            if (!java.util.Objects.equals(a.containerId(), self.containerId())) {
                break;
            }
            top = a;
        }
        return bool(top.pid() != init);
    }

    private static long tty(EvalContext c) {
        Task t = task(c);
        if (t == null || t.tty() == null) {
            return Extractor.MISSING;
        }
        String s = t.tty();
        if (s.isEmpty() || s.equals("(none)")) {
            return 0;
        }
        // Falco reports the device number; audit gives the name: keep "none" = 0 and any tty non-zero.
        int digits = 0;
        while (digits < s.length() && !Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        long minor = digits < s.length() ? parseOr(s.substring(digits), 0) : 0;
        long major = s.startsWith("pts") ? 136 : 4;
        return (major << 20) | minor;
    }

    private static long parseOr(String s, long dflt) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String anc(EvalContext c, int n, Function<ProcessInfo, String> f) {
        ProcessInfo p = n == 0 ? c.self() : c.ancestor(n);
        return p == null ? null : f.apply(p);
    }

    /** {@code field[N]}: the N-th ancestor (0 = the process, 1 = parent); no argument: any ancestor. */
    private static void ancestry(Fields.Table t, String name, Function<ProcessInfo, String> f) {
        t.add(name, FieldDef.Arg.OPTIONAL, EVENT, arg -> {
            if (arg == null) {
                return new FieldDef.Bound(FieldType.LIST, (Extractor.Multi) c -> {
                    List<ProcessInfo> as = c.ancestors();
                    if (as.isEmpty()) {
                        return List.of();
                    }
                    List<String> out = new ArrayList<>(as.size());
                    for (ProcessInfo p : as) {
                        String v = f.apply(p);
                        if (v != null) {
                            out.add(v);
                        }
                    }
                    return out;
                });
            }
            int n = Fields.Table.index(arg);
            if (n == 0 && name.equals("proc.aname")) {
                return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) ProcessFields::name);
            }
            return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> anc(c, n, f));
        });
    }

    private static String first(List<String> argv) {
        return argv.isEmpty() ? null : argv.get(0);
    }

    private static String rest(List<String> argv) {
        if (argv.size() <= 1) {
            return argv.isEmpty() ? null : "";
        }
        return String.join(" ", argv.subList(1, argv.size()));
    }
}
