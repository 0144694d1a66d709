package io.keelwatch.host;

/**
 * Everything the collector asks the live host, behind one door. Every answer is raw text exactly as
 * the host gave it (file content, link target, JSON document), or {@code null} when there was none
 * (process gone, no Docker socket, unknown container). Because answers are plain text keyed by
 * {@code (kind, key)}, the journal can record each one as a {@code HostInput.Lookup} and replay can
 * give the same answers with no live host ({@link RecordedHostLookup}).
 *
 * <p>Callers parse the answers themselves ({@code ProcStat},
 * {@code CgroupParser}, {@code InspectParser}).
 */
public interface HostLookup {

    /** {@code /proc/PID/cgroup} text; key = pid. */
    String PROC_CGROUP = "proc.cgroup";
    /** {@code /proc/PID/stat} text; key = pid. */
    String PROC_STAT = "proc.stat";
    /** {@code /proc/PID/status} text; key = pid. */
    String PROC_STATUS = "proc.status";
    /** {@code /proc/PID/cmdline} bytes as text (arguments separated by NUL); key = pid. */
    String PROC_CMDLINE = "proc.cmdline";
    /** Target of the {@code /proc/PID/exe} link; key = pid. */
    String PROC_EXE = "proc.exe";
    /** Target of the {@code /proc/PID/cwd} link; key = pid. */
    String PROC_CWD = "proc.cwd";
    /** The pids in {@code /proc}, one per line; key = empty. */
    String PROC_PIDS = "proc.pids";
    /**
     * Boot time in ms since the epoch: the clock now less {@code /proc/uptime} (10 ms resolution, where
     * {@code btime} in {@code /proc/stat} has whole seconds); key = empty.
     */
    String PROC_BOOT_TIME = "proc.boot_ms";
    /** {@code GET /containers/ID/json} body; key = container id (or name). */
    String DOCKER_INSPECT = "docker.inspect";
    /** {@code GET /images/REF/json} body; key = image id or reference. */
    String DOCKER_IMAGE_INSPECT = "docker.image.inspect";
    /** {@code GET /exec/ID/json} body (a {@code docker exec} session); key = exec id. */
    String DOCKER_EXEC_INSPECT = "docker.exec.inspect";
    /** Full ids of the running containers, one per line; key = empty. */
    String DOCKER_RUNNING = "docker.running";

    /**
     * Which of a container's overlay layers holds a file: key = the upper directory's host path, a newline, the
     * lower directories' host paths joined by ':', a newline, then the file's path inside the container. Answer
     * {@code "upper"} (a regular file in the writable layer: written, or copied up by a change, after the
     * container started), {@code "lower"} (in one of the image's layers, unchanged), {@code "none"} (in neither:
     * written after start and removed again, or on another file system), or {@code null} (a malformed key, or no
     * image layer to be seen: storage not visible to the agent).
     */
    String FS_UPPER_FILE = "fs.upper_file";

    /** The answer to one question, or {@code null} when the host had none. */
    String lookup(String kind, String key);

    default String cgroup(int pid) {
        return lookup(PROC_CGROUP, Integer.toString(pid));
    }

    default String stat(int pid) {
        return lookup(PROC_STAT, Integer.toString(pid));
    }

    default String status(int pid) {
        return lookup(PROC_STATUS, Integer.toString(pid));
    }

    default String cmdline(int pid) {
        return lookup(PROC_CMDLINE, Integer.toString(pid));
    }

    default String exe(int pid) {
        return lookup(PROC_EXE, Integer.toString(pid));
    }

    default String cwd(int pid) {
        return lookup(PROC_CWD, Integer.toString(pid));
    }

    default String pids() {
        return lookup(PROC_PIDS, "");
    }

    default String bootTime() {
        return lookup(PROC_BOOT_TIME, "");
    }

    default String inspectContainer(String id) {
        return lookup(DOCKER_INSPECT, id);
    }

    default String inspectImage(String ref) {
        return lookup(DOCKER_IMAGE_INSPECT, ref);
    }

    default String inspectExec(String execId) {
        return lookup(DOCKER_EXEC_INSPECT, execId);
    }

    /** {@link #FS_UPPER_FILE}: which layer of a container holds {@code path} (a path inside the container)? */
    default String layerOf(String upperDir, java.util.List<String> lowerDirs, String path) {
        return lookup(FS_UPPER_FILE, upperDir + "\n" + String.join(":", lowerDirs) + "\n" + path);
    }

    default String runningContainers() {
        return lookup(DOCKER_RUNNING, "");
    }

    /** A host that answers nothing: offline analysis from audit records and Docker events alone. */
    static HostLookup none() {
        return (kind, key) -> null;
    }
}
