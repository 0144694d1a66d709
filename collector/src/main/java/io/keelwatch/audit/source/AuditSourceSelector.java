package io.keelwatch.audit.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chooses and opens the audit source. {@code auto}: the auditd log when an auditd process runs (auditd
 * owns the kernel connection and writes the log); otherwise netlink unicast when no process holds the
 * kernel's audit pid; otherwise (another daemon holds it, or the status cannot be read) multicast.
 */
public final class AuditSourceSelector {

    public enum Mode {
        AUTO("auto"), FILE("file"), NETLINK_MULTICAST("netlink-multicast"), NETLINK_UNICAST("netlink-unicast");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Parses {@code auto}, {@code file}, {@code netlink-multicast}, {@code netlink-unicast}. */
        public static Mode parse(String s) {
            for (Mode m : values()) if (m.text.equals(s.toLowerCase(Locale.ROOT))) return m;
            throw new IllegalArgumentException("unknown audit source '" + s
                    + "' (auto, file, netlink-multicast, netlink-unicast)");
        }
    }

    /** The decision and why, for the startup log. */
    public record Choice(Mode mode, String reason) { }

    /**
     * What to open.
     *
     * @param mode        requested mode
     * @param logFile     the auditd log for {@code file}
     * @param resume      checkpoint to resume the file from, or {@code null}
     * @param startAt     where to start the file without a checkpoint
     * @param unicast     settings and rules for {@code netlink-unicast}
     */
    public record Options(Mode mode, Path logFile, Checkpoint resume, AuditLogTailer.StartAt startAt,
                          NetlinkAuditSource.UnicastSettings unicast) {
        public static Options of(Mode mode, List<AuditRule> rules) {
            return new Options(mode, AuditLogTailer.DEFAULT_LOG, null, AuditLogTailer.StartAt.END,
                    NetlinkAuditSource.UnicastSettings.defaults(rules));
        }
    }

    private AuditSourceSelector() { }

    /**
     * The decision for {@code requested} given what runs on the host.
     *
     * @param auditdRunning whether an auditd process exists
     * @param kernelPid     the kernel's registered audit pid, or -1 when it cannot be read
     */
    public static Choice decide(Mode requested, boolean auditdRunning, int kernelPid) {
        if (requested != Mode.AUTO) return new Choice(requested, "requested");
        if (auditdRunning) return new Choice(Mode.FILE, "auditd is running");
        if (kernelPid > 0) {
            return new Choice(Mode.NETLINK_MULTICAST, "pid " + kernelPid + " holds the kernel audit connection");
        }
        if (kernelPid < 0) return new Choice(Mode.NETLINK_MULTICAST, "kernel audit status unreadable");
        return new Choice(Mode.NETLINK_UNICAST, "no audit daemon runs");
    }

    /** Decides from the live host: {@code /proc} and {@code AUDIT_GET}. */
    public static Choice decide(Mode requested) {
        if (requested != Mode.AUTO) return decide(requested, false, -1);
        int pid;
        try (AuditControl c = AuditControl.open()) {
            pid = c.status().pid();
        } catch (IOException e) {
            pid = -1;
        }
        return decide(requested, auditdRunning(Path.of("/proc")), pid);
    }

    /** Whether a process named {@code auditd} appears under {@code proc}. */
    public static boolean auditdRunning(Path proc) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                try {
                    if (Files.readString(p.resolve("comm")).trim().equals("auditd")) return true;
                } catch (IOException gone) {
                    // The process exited while we looked.
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Opens the source of {@code choice}. */
    public static AuditSource open(Choice choice, Options o, AuditSourceStats stats) throws IOException {
        return switch (choice.mode()) {
            case FILE -> new AuditLogTailer(o.logFile(), o.resume(), o.startAt(), stats);
            case NETLINK_MULTICAST -> NetlinkAuditSource.multicast(stats);
            case NETLINK_UNICAST -> NetlinkAuditSource.unicast(o.unicast(), stats);
            case AUTO -> throw new IllegalArgumentException("decide() before open()");
        };
    }
}
