package io.keelwatch.audit.source;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the kernel's {@code lost} counter ({@code AUDIT_GET}) on its own control socket and records it
 * in {@link AuditSourceStats#kernelLost()} / {@link AuditSourceStats#kernelLostDelta()}. The counter is
 * the only sign of records the kernel dropped before giving them a serial (backlog overflow), which no
 * serial-gap count can see. Needs CAP_AUDIT_CONTROL; failed polls count as read errors.
 */
public final class KernelLostPoller implements AutoCloseable {
    private final AuditSourceStats stats;
    private final AuditControl control;
    private ScheduledExecutorService timer;

    private KernelLostPoller(AuditControl control, AuditSourceStats stats) {
        this.control = control;
        this.stats = stats;
    }

    /** Opens the control socket; call {@link #start} to poll periodically or {@link #pollOnce} by hand. */
    public static KernelLostPoller open(AuditSourceStats stats) throws IOException {
        return new KernelLostPoller(AuditControl.open(), stats);
    }

    /** Polls now; returns the increase of {@code lost} since the previous poll. */
    public synchronized long pollOnce() throws IOException {
        return stats.kernelLostPolled(control.status().lost());
    }

    /** Polls every {@code periodMs} on a daemon thread until closed. */
    public synchronized void start(long periodMs) {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keelwatch-audit-lost-poller");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                pollOnce();
            } catch (IOException e) {
                stats.readErrors.increment();
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        control.close();
    }
}
