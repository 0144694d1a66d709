package io.keelwatch.process;

import io.keelwatch.host.HostLookup;

/**
 * Asks the host which cgroup a process is in, making sure the pid still belongs to the process the
 * event came from: a process that started (per {@code /proc/PID/stat}) after the event is another
 * one that took the pid, and its cgroup says nothing about ours.
 */
final class LiveCgroup {
    /**
     * /proc start times count 10 ms ticks and the boot time is known to about that: a start later than
     * the event by more than this is another process. (The event's time is its syscall's entry, which
     * follows the process's start.)
     */
    private static final long PID_REUSE_SLACK_MS = 100;

    private final HostLookup lookup;
    private long bootTimeMs = -2;
    private long goneBeforeLookup;
    private long startedAfterEvent;
    private long malformedBootTimes;

    LiveCgroup(HostLookup lookup) {
        this.lookup = lookup;
    }

    /** Processes gone before their /proc entry could be read. */
    long goneBeforeLookup() {
        return goneBeforeLookup;
    }

    /** Lookups refused because the pid's process started after the event. */
    long startedAfterEvent() {
        return startedAfterEvent;
    }

    /** Boot times the host gave that were not a number. */
    long malformedBootTimes() {
        return malformedBootTimes;
    }

    /**
     * The cgroup text of the process, or null when it is gone, its pid now belongs to a process started
     * after the event, or there is no live host. Records the kernel start time on the node when known.
     */
    String cgroup(ProcessNode n, long eventMs) {
        ProcStat stat = ProcStat.parse(lookup.stat(n.pid()));
        if (stat == null) {
            goneBeforeLookup++;
            return null;
        }
        long boot = bootTime();
        if (boot >= 0 && stat.startEpochMs(boot) > eventMs + PID_REUSE_SLACK_MS) {
            startedAfterEvent++;
            return null;
        }
        String cgroup = lookup.cgroup(n.pid());
        if (cgroup == null) {
            goneBeforeLookup++;
        } else {
            n.setStartTime(stat.startTicks());
        }
        return cgroup;
    }

    private long bootTime() {
        if (bootTimeMs == -2) {
            String b = lookup.bootTime();
            bootTimeMs = -1;
            if (b != null) {
                try {
                    bootTimeMs = Long.parseLong(b.strip());
                } catch (NumberFormatException e) {
                    malformedBootTimes++;
                }
            }
        }
        return bootTimeMs;
    }
}
