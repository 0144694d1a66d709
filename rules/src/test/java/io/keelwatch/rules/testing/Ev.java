package io.keelwatch.rules.testing;

import io.keelwatch.audit.EventId;
import io.keelwatch.audit.PathItem;
import io.keelwatch.audit.SockAddr;
import io.keelwatch.audit.Syscall;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds enriched events for tests: {@code Ev.syscall("openat").path("/etc/shadow").inContainer().build()}. */
public final class Ev {
    private String syscall;
    private long timeMs = 1_795_529_066_000L;
    private long serial = 1;
    private boolean failed;
    private long exit;
    private String exitName;
    private long a0;
    private long a1;
    private long a2;
    private String comm = "sh";
    private String exe = "/bin/sh";
    private int pid = 4242;
    private int ppid = 4200;
    private long uid;
    private long auid = -1;
    private String tty = "(none)";
    private List<String> argv = new ArrayList<>();
    private String cwd = "/";
    private final List<PathItem> paths = new ArrayList<>();
    private SockAddr sockaddr;
    private final List<String> keys = new ArrayList<>();
    private ContainerInfo container;
    private final List<ProcessInfo> ancestors = new ArrayList<>();
    private String execPeer;
    private boolean upperLayer;

    private Ev(String syscall) {
        this.syscall = syscall;
    }

    public static Ev syscall(String name) {
        return new Ev(name);
    }

    /** execve of argv with exe = argv[0] resolved as given. */
    public static Ev exec(String exe, String... argv) {
        Ev e = new Ev("execve");
        e.exe = exe;
        e.comm = basename(argv.length > 0 ? argv[0] : exe);
        e.argv = List.of(argv);
        return e;
    }

    public Ev time(long ms) {
        this.timeMs = ms;
        return this;
    }

    public Ev serial(long s) {
        this.serial = s;
        return this;
    }

    public Ev failed(long exit, String name) {
        this.failed = true;
        this.exit = exit;
        this.exitName = name;
        return this;
    }

    public Ev exit(long exit) {
        this.exit = exit;
        return this;
    }

    public Ev args(long a0, long a1, long a2) {
        this.a0 = a0;
        this.a1 = a1;
        this.a2 = a2;
        return this;
    }

    /** The peer this pid connected to before the exec (see {@link ProcessContext#execPeer()}). */
    public Ev execPeer(String peer) {
        this.execPeer = peer;
        return this;
    }

    public Ev comm(String comm) {
        this.comm = comm;
        return this;
    }

    public Ev exe(String exe) {
        this.exe = exe;
        return this;
    }

    public Ev argv(String... argv) {
        this.argv = List.of(argv);
        return this;
    }

    public Ev pid(int pid, int ppid) {
        this.pid = pid;
        this.ppid = ppid;
        return this;
    }

    public Ev uid(long uid) {
        this.uid = uid;
        return this;
    }

    public Ev auid(long auid) {
        this.auid = auid;
        return this;
    }

    /** The executable is in the container's upper layer (the host's answer at the exec). */
    public Ev upperLayer() {
        this.upperLayer = true;
        return this;
    }

    public Ev tty(String tty) {
        this.tty = tty;
        return this;
    }

    public Ev cwd(String cwd) {
        this.cwd = cwd;
        return this;
    }

    public Ev path(String name) {
        return path(name, 0100644, "NORMAL");
    }

    public Ev path(String name, int mode, String nametype) {
        paths.add(new PathItem(paths.size(), name, 1000 + paths.size(), "fe:00", mode, 0, 0, nametype));
        return this;
    }

    public Ev connect(String ip, int port) {
        this.sockaddr = new SockAddr.Inet(ip.indexOf(':') >= 0, ip, port);
        return this;
    }

    public Ev unix(String path) {
        this.sockaddr = new SockAddr.Unix(path, false);
        return this;
    }

    public Ev key(String k) {
        keys.add(k);
        return this;
    }

    public Ev parent(String name, String exe, String... argv) {
        ancestors.add(new ProcessInfo(ppid, 1, 1, exe, name, List.of(argv), "/", 0, container == null ? null : container.id()));
        return this;
    }

    public Ev in(ContainerInfo c) {
        this.container = c;
        return this;
    }

    public Ev inContainer() {
        return in(container("web", "nginx:1.25", List.of()));
    }

    public static ContainerInfo container(String name, String image, List<Mount> mounts) {
        return new ContainerInfo("3f1c2d4e5a6b7c8d9e0f3f1c2d4e5a6b7c8d9e0f3f1c2d4e5a6b7c8d9e0fabcd", name, image,
                "sha256:aaaa", Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-20T00:00:00Z"),
                Instant.parse("2026-11-20T00:00:01Z"), false, List.of(), List.of(), "", "", "", "bridge", "", "",
                mounts, List.of(), "", Map.of(), 999, List.of(), List.of(), "");
    }

    public EnrichedEvent build() {
        Syscall call = new Syscall("x86_64", 0, syscall, failed ? Syscall.Result.FAILURE : Syscall.Result.SUCCESS,
                exit, exitName, a0, a1, a2, 0, paths.size());
        Task task = new Task(pid, ppid, auid, uid, 0, uid, uid, uid, 0, 0, 0, tty, -1, comm, exe, null);
        SyscallEvent audit = new SyscallEvent(new EventId(null, timeMs, serial), call, task, keys,
                syscall.startsWith("execve") ? argv : List.of(), cwd, paths, sockaddr, argv, List.of());
        ProcessInfo self = new ProcessInfo(pid, 2, ppid, exe, comm, argv, cwd, uid, container == null ? null : container.id(),
                upperLayer);
        return new EnrichedEvent(audit, new ProcessContext(self, ancestors, execPeer), container);
    }

    private static String basename(String p) {
        int i = p.lastIndexOf('/');
        return i < 0 ? p : p.substring(i + 1);
    }
}
