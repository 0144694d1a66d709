package io.keelwatch.agent.coverage;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The books of which container directories the kernel should watch for writes: a container's own /etc and binary
 * directories are inodes of its overlay file system, which no host path watch and no tier-1 rule sees, and
 * auditing every write-open on the host (tier 2) costs too much to leave on. A directory watch on the container's
 * merged overlay path ({@code -F dir=.../merged/etc}) is seen by the kernel from inside the container too, and
 * costs only the writes below it. Told by the container registry, on the pipeline thread, of every container
 * running or stopped; it only asks (a {@link Want}), the kernel calls happen on the {@link WatchChanger}'s thread.
 *
 * <p>Owned by the thread that applies runtime input (the registry's); {@link #watchedCount} may be read from any.
 *
 * <p>Docker's overlay2 only: the merged directory is the upper directory's sibling. Containers of other runtimes
 * (no upper directory known) get no watches.
 */
public final class ContainerWatches implements ContainerObserver {

    /** The audit key of every watch rule, which marks it as the agent's. */
    public static final String KEY = "kw_ctrwatch";

    /** Directories inside a container whose writes the runtime-baseline rules look at. */
    public static final List<String> DIRS = List.of("etc", "bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin",
            "usr/local/sbin");

    /** What the books want of the kernel for one container, and why (for the log and the journal). */
    public interface Want {
        /** Watch these auditctl lines for the container ({@code lines} empty: no more watches for it). */
        void watch(String containerId, List<String> lines, String why);
    }

    private final Want want;
    private final Map<String, List<String>> watched = new HashMap<>();
    private volatile int watchedCount;

    public ContainerWatches(Want want) {
        this.want = want;
    }

    /** The watch rules for a container whose merged overlay directory is {@code merged}. */
    public static List<String> lines(String merged) {
        List<String> out = new ArrayList<>();
        for (String d : DIRS) {
            out.add("-a always,exit -F arch=b64 -F dir=" + merged + "/" + d + " -F perm=wa -k " + KEY);
        }
        return out;
    }

    /**
     * The merged directory of a container Docker's overlay2 driver runs ({@code .../<layer>/diff} has its merged
     * view in {@code .../<layer>/merged}), or null: another driver or runtime, or a path the rule text cannot carry.
     */
    static String merged(ContainerInfo c) {
        String upper = c.upperDir();
        if (!upper.startsWith("/") || !upper.endsWith("/diff") || upper.contains("..") || upper.chars().anyMatch(
                ch -> Character.isWhitespace(ch) || ch < 0x20 || ch == '"')) {
            return null;
        }
        return upper.substring(0, upper.length() - "/diff".length()) + "/merged";
    }

    @Override
    public void running(ContainerInfo info) {
        String merged = merged(info);
        if (merged == null || info.initPid() <= 0) {
            return;   // not running (created only, or gone already): nothing is mounted to watch
        }
        List<String> lines = lines(merged);
        if (!lines.equals(watched.get(info.id()))) {
            watched.put(info.id(), lines);
            watchedCount = watched.size();
            want.watch(info.id(), lines, describe(info) + " running");
        }
    }

    @Override
    public void stopped(ContainerInfo info) {
        if (watched.remove(info.id()) != null) {
            watchedCount = watched.size();
            want.watch(info.id(), List.of(), describe(info) + " stopped");
        }
    }

    /** Containers watched now; read from any thread. */
    public int watchedCount() {
        return watchedCount;
    }

    private static String describe(ContainerInfo c) {
        return "container " + c.shortId() + (c.name().isEmpty() ? "" : " (" + c.name() + ")");
    }
}
