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
 */
public record ProcessInfo(int pid, long startTime, int ppid, String exe, String name, List<String> argv,
                          String cwd, long uid, String containerId) {
    public ProcessInfo {
        argv = List.copyOf(argv);
    }

    /** The command line as one string, arguments joined by spaces. */
    public String cmdline() {
        return String.join(" ", argv);
    }
}
