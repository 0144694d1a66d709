package io.keelwatch.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A private auditd: its own configuration, its log in the work directory, no plugins, and it leaves the kernel's
 * enabled flag alone ({@code -s nochange}). Only one audit daemon can own the kernel's audit pid, so start fails
 * loudly when another one is registered.
 */
public final class AuditdProcess extends ServiceProcess {

    private final Path auditLog;

    public AuditdProcess(Path workDir) {
        this(workDir, workDir.resolve("audit.log"));
    }

    /** An auditd writing its log to {@code auditLog} (e.g. the distribution's default path). */
    public AuditdProcess(Path workDir, Path auditLog) {
        super("auditd", workDir);
        this.auditLog = auditLog;
    }

    public Path auditLog() {
        return auditLog;
    }

    /** The audit pid the kernel has registered (0 = none), from {@code auditctl -s}. */
    public static long registeredAuditPid() {
        for (String line : Cmd.run("auditctl", "-s").requireSuccess().out().split("\n")) {
            if (line.startsWith("pid ")) {
                return Long.parseLong(line.substring(4).trim());
            }
        }
        throw new IllegalStateException("auditctl -s printed no pid line");
    }

    @Override
    protected List<String> command() throws IOException {
        long owner = registeredAuditPid();
        if (owner != 0) {
            throw new IllegalStateException("another audit daemon (pid " + owner + ") owns the audit netlink socket");
        }
        Path plugins = Files.createDirectories(workDir.resolve("plugins.d"));
        Files.writeString(workDir.resolve("auditd.conf"), """
                local_events = yes
                write_logs = yes
                log_file = %s
                log_format = ENRICHED
                flush = INCREMENTAL_ASYNC
                freq = 20
                max_log_file = 256
                num_logs = 2
                max_log_file_action = ROTATE
                space_left = 2
                space_left_action = IGNORE
                admin_space_left = 1
                admin_space_left_action = IGNORE
                disk_full_action = IGNORE
                disk_error_action = IGNORE
                plugin_dir = %s
                end_of_event_timeout = 2
                q_depth = 4000
                overflow_action = IGNORE
                """.formatted(auditLog(), plugins));
        return List.of("auditd", "-n", "-s", "nochange", "-c", workDir.toString());
    }

    @Override
    protected URI readinessUrl() {
        return null;
    }

    @Override
    public void start(Duration readyWithin) {
        super.start(readyWithin);
        Instant deadline = Instant.now().plus(readyWithin);
        while (!Files.exists(auditLog()) || registeredAuditPid() != pid()) {
            if (!isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("auditd did not register with the kernel:\n" + tail());
            }
            sleep(Duration.ofMillis(100));
        }
    }
}
