package io.keelwatch.audit.source;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;

/**
 * Where raw audit input comes from: an auditd log file or the kernel's audit netlink socket. A source
 * hands out its input exactly as received ({@link HostInput.AuditLine} or {@link HostInput.AuditNetlink}),
 * so the journal can record it and replay can feed it back unchanged, together with its parse: the source parses
 * each record once, on its own thread, and nothing downstream parses it again ({@link Received}).
 *
 * <p>One thread owns a source: it calls {@link #next} in a loop and finally {@link #close}. Every
 * drop the source notices is counted in {@link #stats()}, which any thread may read.
 */
public interface AuditSource extends AutoCloseable {

    /**
     * The next input, waiting up to {@code timeoutMs} for it.
     *
     * @return the input with its parse, or {@code null} when nothing arrived in time
     * @throws IOException when the source is broken beyond recovery (transient errors are counted)
     */
    Received next(long timeoutMs) throws IOException, InterruptedException;

    /**
     * The consumer has handled everything this source gave it (at shutdown, after the last input): a source
     * that keeps a resume point saves it now. Others have nothing to do.
     */
    default void consumerFinished() {
    }

    /** The loss and throughput counters of this source. */
    AuditSourceStats stats();

    /** What this source reads, for logs and metrics labels, e.g. {@code file:/var/log/audit/audit.log}. */
    String describe();

    @Override
    void close() throws IOException;
}
