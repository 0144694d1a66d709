package io.keelwatch.bench.identity;

import io.keelwatch.audit.EventId;
import io.keelwatch.audit.Syscall;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import io.keelwatch.host.HostLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Syscall events and an in-memory /proc for the identity benchmarks (no live host, no parser). */
final class SyntheticEvents {
    static final long BOOT = 1_795_000_000_000L;

    private SyntheticEvents() {
    }

    static SyscallEvent event(long serial, long atMs, int pid, int ppid, String name, long exit, String exe,
                              String comm, List<String> argv) {
        Syscall call = new Syscall("x86_64", 0, name, Syscall.Result.SUCCESS, exit, null, 0, 0, 0, 0, 1);
        Task task = new Task(pid, ppid, -1, 0, 0, 0, 0, 0, 0, 0, 0, "(none)", -1, comm, exe, null);
        return new SyscallEvent(new EventId(null, atMs, serial), call, task, List.of("kw_exec"), argv, "/",
                List.of(), null, List.of(), List.of());
    }

    /** Answers stat and cgroup questions from maps filled by the benchmark, like a quiet /proc would. */
    static final class MapHost implements HostLookup {
        final Map<String, String> stat = new HashMap<>();
        final Map<String, String> cgroup = new HashMap<>();

        void process(int pid, int ppid, String comm, String containerId) {
            String key = Integer.toString(pid);
            stat.put(key, pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1000 0 0");
            cgroup.put(key, containerId == null ? "1:cpu:/\n0::/\n"
                    : "1:cpu:/docker/" + containerId + "\n0::/docker/" + containerId + "\n");
        }

        @Override
        public String lookup(String kind, String key) {
            return switch (kind) {
                case PROC_STAT -> stat.get(key);
                case PROC_CGROUP -> cgroup.get(key);
                case PROC_BOOT_TIME -> Long.toString(BOOT);
                default -> null;
            };
        }
    }
}
