package io.keelwatch.process;

import java.util.List;

/**
 * One process in the {@link ProcessTable}: its current image as an immutable {@link ProcessInfo}
 * plus the links the table needs (parent, recency list, retention count). Owned and mutated only by
 * the table.
 */
final class ProcessNode {

    /** Where the container id came from; anything but {@link #UNKNOWN} is final until the next exec. */
    static final byte UNKNOWN = 0;
    static final byte CGROUP = 1;
    static final byte RUNTIME = 2;
    static final byte INHERITED = 3;

    /** {@link #seenAtMs} of a process first read from /proc rather than seen in an event. */
    static final long FROM_PROC = Long.MIN_VALUE;

    ProcessInfo info;
    /** Time of the first event that showed this process, or {@link #FROM_PROC}. */
    long seenAtMs = FROM_PROC;
    ProcessNode parent;
    /** Newer (towards the head) and older neighbours in the recency list. */
    ProcessNode newer;
    ProcessNode older;
    ProcessContext context;
    RuntimeRole role = RuntimeRole.OTHER;
    /** The container a runc invocation or shim acts on, from its arguments; or null. */
    String runtimeTarget;
    byte containerSource = UNKNOWN;
    boolean alive = true;
    /** False for a parent known only as some child's ppid. */
    boolean observed;
    /** Whether the table's pid index still points here (false once the pid went to another process). */
    boolean indexed;
    /** Children still in the table that point here: a dead process stays while this is above 0. */
    int retainedChildren;
    /** The inet peer the current image last connected to (success or in progress), or null. */
    String lastInetPeer;
    /** {@link #lastInetPeer} of the image the last exec replaced: see {@link ProcessContext#execPeer()}. */
    String execPeer;

    ProcessNode(ProcessInfo info) {
        this.info = info;
    }

    int pid() {
        return info.pid();
    }

    String containerId() {
        return info.containerId();
    }

    boolean resolved() {
        return containerSource != UNKNOWN;
    }

    boolean evictable() {
        return !alive && retainedChildren == 0;
    }

    void setImage(String exe, String name, List<String> argv, String cwd, long uid) {
        info = new ProcessInfo(info.pid(), info.startTime(), info.ppid(), exe, name, argv, cwd, uid,
                info.containerId());
        context = null;
    }

    void setContainer(String containerId, byte source) {
        containerSource = source;
        if (!java.util.Objects.equals(containerId, info.containerId())) {
            info = new ProcessInfo(info.pid(), info.startTime(), info.ppid(), info.exe(), info.name(), info.argv(),
                    info.cwd(), info.uid(), containerId, info.exeUpperLayer());
            context = null;
        }
    }

    /** The host's answer, at this image's exec, to whether its executable is in the container's upper layer. */
    void setExeUpperLayer(boolean upper) {
        if (upper != info.exeUpperLayer()) {
            info = new ProcessInfo(info.pid(), info.startTime(), info.ppid(), info.exe(), info.name(), info.argv(),
                    info.cwd(), info.uid(), info.containerId(), upper);
            context = null;
        }
    }

    void setPpid(int ppid) {
        if (ppid != info.ppid()) {
            info = new ProcessInfo(info.pid(), info.startTime(), ppid, info.exe(), info.name(), info.argv(),
                    info.cwd(), info.uid(), info.containerId(), info.exeUpperLayer());
            context = null;
        }
    }

    void setStartTime(long startTime) {
        if (startTime != info.startTime()) {
            info = new ProcessInfo(info.pid(), startTime, info.ppid(), info.exe(), info.name(), info.argv(),
                    info.cwd(), info.uid(), info.containerId(), info.exeUpperLayer());
            context = null;
        }
    }
}
