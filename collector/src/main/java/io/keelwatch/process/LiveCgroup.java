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
    private final ProcessTableCounters counters;
    private long bootTimeMs = -2;

    LiveCgroup(HostLookup lookup, ProcessTableCounters counters) {
        this.lookup = lookup;
        this.counters = counters;
    }

    /**
     * The cgroup text of the process, or null when it is gone, its pid now belongs to a process started
     * after the event, or there is no live host. Records the kernel start time on the node when known.
     */
    String cgroup(ProcessNode n, long eventMs) {
        ProcStat stat = ProcStat.parse(lookup.stat(n.pid()));
        if (stat == null) {
            counters.goneBeforeLookup++;
            return null;
        }
        long boot = bootTime();
        if (boot >= 0 && stat.startEpochMs(boot) > eventMs + PID_REUSE_SLACK_MS) {
            counters.startedAfterEvent++;
            return null;
        }
        String cgroup = lookup.cgroup(n.pid());
        if (cgroup == null) {
            counters.goneBeforeLookup++;
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
                    counters.malformedLookups++;
                }
            }
        }
        return bootTimeMs;
    }
}
