package io.keelwatch.process;

import io.keelwatch.audit.Syscall;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import io.keelwatch.container.CgroupParser;
import io.keelwatch.host.HostLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every process the collector knows of, kept current from syscall events and tied to its container.
 *
 * <p>Identity: a pid names the process that holds it now; when a new process takes a used pid (a
 * clone result, an event after the holder's exit, an event whose exe and ppid both differ, an exec
 * under another parent while the known parent lives) the old one leaves the pid index but stays,
 * unreachable by pid, for as long as a child still points to it. A clone record that arrives after
 * its child's own records (the child ran first) does not replace the child. /proc answers count only
 * when the process there started before the event.
 *
 * <p>Container of a process, first answer wins, decided when it is first seen and again at each exec:
 * <ol>
 *   <li>its {@code /proc/PID/cgroup} ({@link HostLookup}), when the pid still belongs to it;</li>
 *   <li>the runtime's own processes: {@code runc} and {@code containerd-shim} are host processes;
 *       {@code runc init} belongs to the container its runc (or shim) ancestor names;</li>
 *   <li>what the same process had before this exec;</li>
 *   <li>a child of a shim belongs to the shim's container (runc's children are reparented there), and
 *       so does a child of {@code runc exec} (the exec'd process, cloned as runc's sibling stage);</li>
 *   <li>its parent's container (the process is gone, or there is no live host).</li>
 * </ol>
 * Runtime-named ids count only when {@code knownContainer} accepts them (a container Docker told
 * us of).
 *
 * <p>Bounded: past {@code maxProcesses} the least recently seen dead processes without retained
 * children go first, then, if still over, the least recently seen of any kind (counted).
 *
 * <p>Not thread-safe: the pipeline thread owns it.
 */
public final class ProcessTable {
    private static final int MAX_CHAIN = 64;
    private static final int MAX_SEED_DEPTH = 32;

    private final HostLookup lookup;
    private final int maxProcesses;
    private final Predicate<String> knownContainer;
    private final Map<String, String> strings = new HashMap<>();
    /** This table's own counters; the index and the cgroup reader count theirs (one writer each). */
    private long seeded, execs, forks, missedExecs, pidReused, placeholders, malformedLookups, lateCloneRecords;
    private final ProcessIndex index;
    private final Ancestry ancestry;
    private final LiveCgroup live;

    /**
     * @param lookup         the live host (or recorded answers, or {@link HostLookup#none()} offline)
     * @param maxProcesses   the bound on retained processes (config {@code process_table.max_processes})
     * @param knownContainer which container ids named by runtime arguments to trust
     */
    public ProcessTable(HostLookup lookup, int maxProcesses, Predicate<String> knownContainer) {
        if (maxProcesses < 16) {
            throw new IllegalArgumentException("process_table.max_processes must be at least 16: " + maxProcesses);
        }
        this.lookup = Objects.requireNonNull(lookup);
        this.maxProcesses = maxProcesses;
        this.knownContainer = Objects.requireNonNull(knownContainer);
        this.index = new ProcessIndex(maxProcesses);
        this.ancestry = new Ancestry(MAX_CHAIN);
        this.live = new LiveCgroup(lookup);
    }

    public ProcessTable(HostLookup lookup, int maxProcesses) {
        this(lookup, maxProcesses, id -> true);
    }

    /** Learns every process in /proc (at start). */
    public void seed() {
        String pids = lookup.pids();
        if (pids == null) {
            return;
        }
        List<ProcessNode> seeded = new ArrayList<>();
        int start = 0;
        while (start < pids.length()) {
            int end = pids.indexOf('\n', start);
            if (end < 0) {
                end = pids.length();
            }
            ProcessNode n = end > start ? readProc(pid(pids, start, end)) : null;
            if (n != null) {
                seeded.add(n);
            }
            start = end + 1;
        }
        for (ProcessNode n : seeded) {
            link(n, n.info.ppid(), 0);
        }
        for (ProcessNode n : seeded) {
            if (!n.resolved()) {
                resolveWithoutLookup(n);
            }
        }
        this.seeded += seeded.size();
        index.trim();
    }

    /**
     * Applies one syscall event and returns the calling process with its ancestry. For clone-family
     * calls the caller is the parent; the child is added as a copy of it.
     */
    public ProcessContext observe(SyscallEvent event) {
        Task task = event.task();
        Syscall call = event.call();
        long atMs = event.id().timestampMs();
        boolean exec = ProcessSyscalls.isExec(call.name()) && call.result() != Syscall.Result.FAILURE;
        ProcessNode self = index.get(task.pid());
        boolean exeChanged = self != null && self.observed && task.exe() != null
                && !task.exe().equals(self.info.exe());
        boolean newParent = self != null && task.ppid() != self.info.ppid();
        // Reparenting happens when the parent dies: a new parent while the old one lives is another
        // process on a reused pid (its exit unseen, e.g. killed by a signal, or a clone record late).
        boolean oldParentLives = newParent && self.parent != null && self.parent.alive && self.parent.observed
                && self.parent.pid() != 1;
        if (self == null || !self.alive || newParent && exeChanged && !exec || oldParentLives && exec) {
            if (self != null && self.alive) {
                pidReused++;
            }
            self = fromEvent(event, atMs);
        } else {
            if (self.parent == null || self.info.ppid() != task.ppid()) {
                self.setPpid(task.ppid());
                link(self, task.ppid(), 0);
            }
            if (exec) {
                exec(self, event, atMs);
            } else if (!self.observed) {
                fill(self, event, atMs);
            } else if (exeChanged) {
                // An exec we did not see (no rule for it, or a lost record): take the new image.
                missedExecs++;
                exec(self, event, atMs);
            } else if (!self.resolved()) {
                resolveWithoutLookup(self);
            }
        }
        index.touch(self);
        String peer = ProcessSyscalls.connectedPeer(event);
        if (peer != null) {
            self.lastInetPeer = peer;
        }
        if (ProcessSyscalls.isClone(call) && call.exit() > 0) {
            child(self, (int) call.exit(), atMs);
        } else if (ProcessSyscalls.isExit(call.name())) {
            self.alive = false;
        }
        index.trim();
        return ancestry.of(self);
    }

    /**
     * Records the host's answer, given at this process's exec, to whether its executable lives in its container's
     * upper layer; returns the process with its ancestry as it is now, or null when the pid is unknown. The next
     * exec forgets it (a new image), a fork keeps it (the same image).
     */
    public ProcessContext exeInUpperLayer(int pid, boolean upper) {
        ProcessNode n = index.get(pid);
        if (n == null) {
            return null;
        }
        n.setExeUpperLayer(upper);
        return ancestry.of(n);
    }

    /** The process holding this pid now, or null. */
    public ProcessInfo find(int pid) {
        ProcessNode n = index.get(pid);
        return n == null ? null : n.info;
    }

    /** The process holding this pid with its ancestry, or null. */
    public ProcessContext context(int pid) {
        ProcessNode n = index.get(pid);
        return n == null ? null : ancestry.of(n);
    }

    /** Processes retained (live, and dead ones kept for their descendants). */
    public int size() {
        return index.size();
    }

    public int maxProcesses() {
        return maxProcesses;
    }

    /** What the table did and dropped so far; the owner thread reads it (the agent publishes it per tick). */
    public ProcessTableStats stats() {
        return new ProcessTableStats(index.size(), seeded, execs, forks, missedExecs, pidReused,
                live.goneBeforeLookup(), placeholders, index.evictedDead(), index.evictedLive(),
                malformedLookups + live.malformedBootTimes(), lateCloneRecords, live.startedAfterEvent());
    }

    private ProcessNode fromEvent(SyscallEvent event, long atMs) {
        Task task = event.task();
        List<String> argv = !event.argv().isEmpty() ? event.argv() : event.proctitle();
        ProcessNode n = new ProcessNode(new ProcessInfo(task.pid(), atMs, task.ppid(), intern(task.exe()),
                intern(task.comm()), argv, event.cwd(), task.uid(), null));
        n.observed = true;
        n.seenAtMs = atMs;
        classify(n);
        index.insert(n);
        link(n, task.ppid(), 0);
        String cgroup = live.cgroup(n, atMs);
        if (cgroup != null) {
            n.setContainer(intern(CgroupParser.containerId(cgroup)), ProcessNode.CGROUP);
        } else {
            resolveWithoutLookup(n);
        }
        return n;
    }

    /** A new image in the same process: same pid, same parent, container decided again. */
    private void exec(ProcessNode n, SyscallEvent event, long atMs) {
        Task task = event.task();
        RuntimeRole before = n.role;
        boolean hadContainer = n.resolved();
        n.execPeer = n.lastInetPeer;
        n.lastInetPeer = null;
        List<String> argv = !event.argv().isEmpty() ? event.argv() : event.proctitle();
        n.setImage(intern(task.exe()), intern(task.comm()), argv, event.cwd() != null ? event.cwd() : n.info.cwd(),
                task.uid());
        n.observed = true;
        n.alive = true;
        classify(n);
        execs++;
        String cgroup = live.cgroup(n, atMs);
        if (cgroup != null) {
            n.setContainer(intern(CgroupParser.containerId(cgroup)), ProcessNode.CGROUP);
        } else if (n.role != RuntimeRole.OTHER || !hadContainer) {
            resolveWithoutLookup(n);
        } else if (before == RuntimeRole.RUNC_INIT) {
            // runc init became the container's process: it keeps the container it was set up for.
            n.containerSource = ProcessNode.RUNTIME;
        }
    }

    /** First event of a process known until now only as some child's parent. */
    private void fill(ProcessNode n, SyscallEvent event, long atMs) {
        Task task = event.task();
        List<String> argv = !event.argv().isEmpty() ? event.argv() : event.proctitle();
        n.setImage(intern(task.exe()), intern(task.comm()), argv, event.cwd(), task.uid());
        n.observed = true;
        classify(n);
        String cgroup = live.cgroup(n, atMs);
        if (cgroup != null) {
            n.setContainer(intern(CgroupParser.containerId(cgroup)), ProcessNode.CGROUP);
        } else {
            resolveWithoutLookup(n);
        }
    }

    private void child(ProcessNode parent, int pid, long atMs) {
        ProcessNode known = index.get(pid);
        if (known != null && known.info.ppid() == parent.pid()
                && (known.seenAtMs >= atMs || known.seenAtMs == ProcessNode.FROM_PROC)) {
            // The child ran (and maybe exited) before the parent's clone record was written: what we
            // know of it is newer than this copy of the parent. Replacing it would leave a stale live
            // entry on its pid.
            lateCloneRecords++;
            return;
        }
        ProcessInfo p = parent.info;
        ProcessNode c = new ProcessNode(new ProcessInfo(pid, atMs, p.pid(), p.exe(), p.name(), p.argv(), p.cwd(),
                p.uid(), p.containerId(), p.exeUpperLayer()));
        c.observed = true;
        c.seenAtMs = atMs;
        c.role = parent.role;
        c.runtimeTarget = parent.runtimeTarget;
        c.containerSource = parent.resolved() ? ProcessNode.INHERITED : ProcessNode.UNKNOWN;
        index.insert(c);
        setParent(c, parent);
        forks++;
    }

    private void classify(ProcessNode n) {
        n.role = RuntimeRole.of(n.info.exe(), n.info.name(), n.info.argv());
        n.runtimeTarget = intern(RuntimeRole.target(n.role, n.info.argv()));
    }

    /** Steps 2, 4 and 5 of the container decision (no host lookup). */
    private void resolveWithoutLookup(ProcessNode n) {
        if (n.role.namesContainer()) {
            n.setContainer(null, ProcessNode.RUNTIME);
            return;
        }
        if (n.role == RuntimeRole.RUNC_INIT) {
            String target = runtimeTargetAbove(n);
            if (target != null) {
                n.setContainer(target, ProcessNode.RUNTIME);
                return;
            }
        }
        ProcessNode p = n.parent;
        if (p == null) {
            return;
        }
        boolean runtimeParent = p.role == RuntimeRole.SHIM || p.role == RuntimeRole.RUNC_EXEC;
        if (runtimeParent && p.runtimeTarget != null && knownContainer.test(p.runtimeTarget)) {
            n.setContainer(p.runtimeTarget, ProcessNode.RUNTIME);
        } else if (p.resolved()) {
            n.setContainer(p.containerId(), ProcessNode.INHERITED);
        }
    }

    private String runtimeTargetAbove(ProcessNode n) {
        ProcessNode p = n.parent;
        for (int depth = 0; p != null && depth < MAX_CHAIN; depth++, p = p.parent) {
            if (p.role.namesContainer()) {
                String target = p.runtimeTarget;
                return target != null && knownContainer.test(target) ? target : null;
            }
        }
        return null;
    }

    /** Builds a node from /proc, or null when the process is not there. */
    private ProcessNode readProc(int pid) {
        if (pid <= 0) {
            return null;
        }
        ProcStat stat = ProcStat.parse(lookup.stat(pid));
        if (stat == null) {
            return null;
        }
        String cgroup = lookup.cgroup(pid);
        List<String> argv = ProcStat.argv(lookup.cmdline(pid));
        String exe = lookup.exe(pid);
        ProcessNode n = new ProcessNode(new ProcessInfo(pid, stat.startTicks(), stat.ppid(),
                intern(exe == null ? "" : exe), intern(stat.comm()), argv, lookup.cwd(pid),
                ProcStat.realUid(lookup.status(pid)), null));
        n.observed = true;
        n.seenAtMs = ProcessNode.FROM_PROC;
        classify(n);
        if (cgroup != null) {
            n.setContainer(intern(CgroupParser.containerId(cgroup)), ProcessNode.CGROUP);
        }
        index.insert(n);
        return n;
    }

    /** Points {@code n} at the process holding {@code ppid}, learning it from /proc (or as a bare pid). */
    private void link(ProcessNode n, int ppid, int depth) {
        if (ppid <= 0 || ppid == n.pid()) {
            setParent(n, null);
            return;
        }
        ProcessNode p = index.get(ppid);
        if (p == null) {
            p = depth < MAX_SEED_DEPTH ? readProc(ppid) : null;
            if (p != null) {
                link(p, p.info.ppid(), depth + 1);
                if (!p.resolved()) {
                    resolveWithoutLookup(p);
                }
            } else {
                p = new ProcessNode(new ProcessInfo(ppid, -1, 0, "", "", List.of(), null, -1, null));
                index.insert(p);
                placeholders++;
            }
        }
        setParent(n, p);
    }

    private void setParent(ProcessNode n, ProcessNode p) {
        if (n.parent == p) {
            return;
        }
        if (n.parent != null) {
            n.parent.retainedChildren--;
        }
        n.parent = p;
        if (p != null) {
            p.retainedChildren++;
        }
        n.context = null;
    }

    private String intern(String s) {
        if (s == null) {
            return null;
        }
        if (strings.size() > 65_536) {
            strings.clear();
        }
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private int pid(String text, int start, int end) {
        int pid = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || pid > 100_000_000) {
                malformedLookups++;
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
