package io.keelwatch.rules.fields;

import io.keelwatch.audit.PathItem;
import io.keelwatch.audit.SockAddr;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import java.util.List;

/**
 * The subject of one evaluation (an event, or a container at an inventory instant) plus the values
 * derived from it that several fields share (the file path, the socket address), computed at most
 * once per subject. One context per engine, reused for every event: not thread-safe by design.
 */
public final class EvalContext {
    private EnrichedEvent event;
    private SyscallEvent audit;
    private ContainerInfo container;
    private ContainerState state;
    private ContainerEvent lifecycle;
    private long nowMs;

    private boolean pathDone;
    private String path;
    private PathItem pathItem;
    private boolean sockDone;
    private SockAddr.Inet inet;
    private SockAddr.Unix unix;

    /** Slots of {@link #memo}: derived strings several rules read from the same event. */
    static final int CMDLINE = 0;
    static final int ARGS = 1;
    static final int NAMES = 2;
    static final int FD_NAME = 3;
    static final int CONTAINER_ID = 4;
    private static final int SLOTS = 5;
    private final Object[] memo = new Object[SLOTS];
    private final long[] memoGen = new long[SLOTS];
    private long gen = 1;

    /** Set by the engine while rendering a window rule's output. */
    long windowCount = Extractor.MISSING;
    String windowValues;

    public void reset(EnrichedEvent e) {
        event = e;
        audit = e.audit();
        container = e.container();
        state = null;
        lifecycle = null;
        nowMs = audit != null ? audit.id().timestampMs() : 0;
        clearDerived();
    }

    public void reset(ContainerState s, long nowMs) {
        event = null;
        audit = null;
        container = s.info();
        state = s;
        lifecycle = null;
        this.nowMs = nowMs;
        clearDerived();
    }

    /** A container lifecycle event, dated {@code nowMs} (the event's time, chosen by the caller). */
    public void reset(ContainerEvent e, long nowMs) {
        event = null;
        audit = null;
        container = e.state().info();
        state = e.state();
        lifecycle = e;
        this.nowMs = nowMs;
        clearDerived();
    }

    private void clearDerived() {
        gen++;
        pathDone = false;
        path = null;
        pathItem = null;
        sockDone = false;
        inet = null;
        unix = null;
        windowCount = Extractor.MISSING;
        windowValues = null;
    }

    /** A derived value computed at most once per subject. */
    Object memo(int slot, java.util.function.Function<EvalContext, Object> compute) {
        if (memoGen[slot] != gen) {
            memo[slot] = compute.apply(this);
            memoGen[slot] = gen;
        }
        return memo[slot];
    }

    public void window(long count, String values) {
        windowCount = count;
        windowValues = values;
    }

    public EnrichedEvent event() {
        return event;
    }

    public SyscallEvent audit() {
        return audit;
    }

    public ContainerInfo container() {
        return container;
    }

    public ContainerState state() {
        return state;
    }

    /** The lifecycle event under evaluation, or {@code null}. */
    public ContainerEvent lifecycle() {
        return lifecycle;
    }

    /** Event time for events, the inventory instant for inventory checks (ms since the epoch). */
    public long nowMs() {
        return nowMs;
    }

    public String syscall() {
        return audit == null ? null : audit.call().name();
    }

    public ProcessInfo self() {
        ProcessContext p = event == null ? null : event.process();
        return p == null ? null : p.self();
    }

    public ProcessInfo ancestor(int n) {
        ProcessContext p = event == null ? null : event.process();
        return p == null ? null : p.ancestor(n);
    }

    public List<ProcessInfo> ancestors() {
        ProcessContext p = event == null ? null : event.process();
        return p == null ? List.of() : p.ancestors();
    }

    /** The arguments of the acting process: the event's EXECVE, else the process table's, else PROCTITLE. */
    public List<String> argv() {
        if (audit != null && !audit.argv().isEmpty()) {
            return audit.argv();
        }
        ProcessInfo self = self();
        if (self != null && !self.argv().isEmpty()) {
            return self.argv();
        }
        return audit != null ? audit.proctitle() : List.of();
    }

    /** The file the syscall acted on (absolute when the cwd is known), or {@code null}. */
    public String path() {
        if (!pathDone) {
            pathDone = true;
            pathItem = Syscalls.primaryPath(audit);
            if (pathItem != null) {
                path = Paths.absolute(pathItem.name(), audit.cwd());
            }
        }
        return path;
    }

    public PathItem pathItem() {
        path();
        return pathItem;
    }

    public SockAddr.Inet inet() {
        sock();
        return inet;
    }

    public SockAddr.Unix unix() {
        sock();
        return unix;
    }

    private void sock() {
        if (!sockDone) {
            sockDone = true;
            SockAddr a = audit == null ? null : audit.sockaddr();
            if (a instanceof SockAddr.Inet i) {
                inet = i;
            } else if (a instanceof SockAddr.Unix u) {
                unix = u;
            }
        }
    }
}
