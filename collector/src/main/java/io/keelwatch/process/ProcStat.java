package io.keelwatch.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of {@code /proc/PID/stat}, {@code status} and {@code cmdline} text the process table
 * uses. {@code comm} sits in parentheses and may itself hold spaces and parentheses, so the fields
 * after it are counted from the last {@code ')'}.
 *
 * @param pid        field 1
 * @param comm       field 2 without the parentheses
 * @param ppid       field 4
 * @param startTicks field 22: start time in clock ticks after boot
 */
public record ProcStat(int pid, String comm, int ppid, long startTicks) {

    /** Linux reports /proc times in USER_HZ, which is 100 on every architecture it supports. */
    public static final int TICKS_PER_SECOND = 100;

    /** Parses stat text, or returns null when it is absent or truncated. */
    public static ProcStat parse(String stat) {
        if (stat == null) {
            return null;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return null;
        }
        int pid = (int) number(stat, 0, open - 1);
        String comm = stat.substring(open + 1, close);
        // After ") " come field 3 (state), 4 (ppid), ... 22 (starttime).
        int field = 3;
        int i = close + 2;
        int ppid = -1;
        long start = -1;
        while (i < stat.length() && field <= 22) {
            int end = stat.indexOf(' ', i);
            if (end < 0) {
                end = stat.length();
            }
            if (field == 4) {
                ppid = (int) number(stat, i, end);
            } else if (field == 22) {
                start = number(stat, i, end);
            }
            field++;
            i = end + 1;
        }
        if (ppid < 0 || start < 0) {
            return null;
        }
        return new ProcStat(pid, comm, ppid, start);
    }

    /** The start time in ms since the epoch, given the boot time in ms since the epoch. */
    public long startEpochMs(long bootTimeMs) {
        return bootTimeMs + startTicks * (1000 / TICKS_PER_SECOND);
    }

    /** The real uid from {@code /proc/PID/status} text ({@code Uid:} line, first value), or -1. */
    public static long realUid(String status) {
        if (status == null) {
            return -1;
        }
        int at = status.startsWith("Uid:") ? 0 : status.indexOf("\nUid:");
        if (at < 0) {
            return -1;
        }
        int i = status.indexOf(':', at) + 1;
        while (i < status.length() && (status.charAt(i) == '\t' || status.charAt(i) == ' ')) {
            i++;
        }
        int end = i;
        while (end < status.length() && Character.isDigit(status.charAt(end))) {
            end++;
        }
        return end > i ? number(status, i, end) : -1;
    }

    /** The arguments of {@code /proc/PID/cmdline} text (NUL-separated); empty for kernel threads. */
    public static List<String> argv(String cmdline) {
        List<String> args = new ArrayList<>();
        if (cmdline == null) {
            return args;
        }
        int start = 0;
        int n = cmdline.length();
        while (start < n) {
            int end = cmdline.indexOf('\0', start);
            if (end < 0) {
                end = n;
            }
            args.add(cmdline.substring(start, end));
            start = end + 1;
        }
        return args;
    }

    private static long number(String s, int from, int to) {
        long v = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return any ? v : -1;
            }
            v = v * 10 + (c - '0');
            any = true;
        }
        return any ? v : -1;
    }
}
