package io.keelwatch.process;

import io.keelwatch.audit.EventId;
import io.keelwatch.audit.Syscall;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import java.util.List;

/** Builds syscall events the way the parser would decode them, for process-table tests. */
public final class Events {
    private static long serial = 1;
    private static long clockMs = 1_795_529_066_000L;

    private Events() {
    }

    public static SyscallEvent exec(int pid, int ppid, String exe, String comm, String... argv) {
        return event(pid, ppid, "execve", 0, 0, exe, comm, List.of(argv));
    }

    public static SyscallEvent clone(int pid, int ppid, String exe, String comm, int child) {
        return event(pid, ppid, "clone", child, 0x1200011, exe, comm, List.of());
    }

    public static SyscallEvent thread(int pid, int ppid, String exe, String comm, int tid) {
        return event(pid, ppid, "clone", tid, 0x3d0f00, exe, comm, List.of());
    }

    public static SyscallEvent exit(int pid, int ppid, String exe, String comm) {
        return event(pid, ppid, "exit_group", 0, 0, exe, comm, List.of());
    }

    public static SyscallEvent open(int pid, int ppid, String exe, String comm) {
        return event(pid, ppid, "openat", 3, 0, exe, comm, List.of());
    }

    /** An inet connect to {@code ip:port} that ended with {@code exit} (0, or -115 in progress, -111 refused). */
    public static SyscallEvent connect(int pid, int ppid, String exe, String comm, String ip, int port, long exit) {
        long at = clockMs += 4;
        Syscall call = new Syscall("x86_64", 42, "connect", exit == 0 ? Syscall.Result.SUCCESS : Syscall.Result.FAILURE,
                exit, null, 3, 0, 16, 0, 0);
        Task task = new Task(pid, ppid, -1, 0, 0, 0, 0, 0, 0, 0, 0, "(none)", -1, comm, exe, null);
        return new SyscallEvent(new EventId(null, at, serial++), call, task, List.of("kw_t"), List.of(), "/", List.of(),
                new io.keelwatch.audit.SockAddr.Inet(false, ip, port), List.of(), List.of());
    }

    public static SyscallEvent event(int pid, int ppid, String name, long exit, long a0, String exe, String comm,
                                     List<String> argv) {
        long at = clockMs += 4;
        Syscall call = new Syscall("x86_64", 0, name, name.equals("exit_group") ? Syscall.Result.UNKNOWN
                : Syscall.Result.SUCCESS, exit, null, a0, 0, 0, 0, 0);
        Task task = new Task(pid, ppid, -1, 0, 0, 0, 0, 0, 0, 0, 0, "(none)", -1, comm, exe, null);
        return new SyscallEvent(new EventId(null, at, serial++), call, task, List.of("kw_t"), argv, "/", List.of(),
                null, List.of(), List.of());
    }
}
