package io.keelwatch.process;

import java.util.List;

/**
 * One process as the process table knows it. Keyed by pid and start time so that a reused pid is a
 * different process.
 *
 * @param pid         host pid
 * @param startTime   start time in clock ticks since boot (/proc/PID/stat field 22), or the audit
 *                    timestamp in ms of its exec event when seen only through audit
 * @param ppid        parent's host pid
 * @param exe         executable path
 * @param name        process name (comm, or basename of exe)
 * @param argv        arguments
 * @param cwd         working directory, or {@code null}
 * @param uid         real uid, or -1
 * @param containerId full container id, or {@code null} for a host process
 * @param exeUpperLayer whether the executable lives in the container's writable overlay layer (written or
 *                    modified after the container started: drift), as the host answered at the exec; false
 *                    when unknown
 */
public record ProcessInfo(int pid, long startTime, int ppid, String exe, String name, List<String> argv,
                          String cwd, long uid, String containerId, boolean exeUpperLayer) {
    public ProcessInfo {
        argv = List.copyOf(argv);
    }

    /** A process whose executable is not known to be in a container's upper layer. */
    public ProcessInfo(int pid, long startTime, int ppid, String exe, String name, List<String> argv,
                       String cwd, long uid, String containerId) {
        this(pid, startTime, ppid, exe, name, argv, cwd, uid, containerId, false);
    }

    /** The command line as one string, arguments joined by spaces. */
    public String cmdline() {
        return String.join(" ", argv);
    }
}
