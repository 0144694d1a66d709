package io.keelwatch.audit.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one audit source. The owning reader thread increments them; any thread reads them (the
 * agent exports them as metrics). Every way input can be lost or damaged has its own counter, so a
 * loss is never silent.
 */
public final class AuditSourceStats {
    final LongAdder lines = new LongAdder();
    final LongAdder messages = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder enobufs = new LongAdder();
    final LongAdder truncatedMessages = new LongAdder();
    final LongAdder foreignSenders = new LongAdder();
    final LongAdder rotations = new LongAdder();
    final LongAdder truncations = new LongAdder();
    final LongAdder checkpointWrites = new LongAdder();
    final LongAdder missedFiles = new LongAdder();
    final LongAdder unterminatedLines = new LongAdder();
    final LongAdder overlongLines = new LongAdder();
    final LongAdder readErrors = new LongAdder();
    final LongAdder rulesRefused = new LongAdder();
    private final AtomicLong kernelLost = new AtomicLong(-1);
    private final LongAdder kernelLostDelta = new LongAdder();

    /** Log lines handed out (file source). */
    public long lines() { return lines.sum(); }

    /** Netlink audit messages handed out (netlink source). */
    public long messages() { return messages.sum(); }

    /** Bytes of input handed out (lines without newline, netlink payloads). */
    public long bytes() { return bytes.sum(); }

    /** {@code ENOBUFS} from the netlink socket: the kernel dropped messages for this socket. */
    public long enobufs() { return enobufs.sum(); }

    /** Netlink messages larger than the receive buffer ({@code MSG_TRUNC}); they are dropped. */
    public long truncatedMessages() { return truncatedMessages.sum(); }

    /** Netlink messages not sent by the kernel (sender port id not 0); they are dropped. */
    public long foreignSenders() { return foreignSenders.sum(); }

    /** Log rotations by rename followed (old file finished, new one opened). */
    public long rotations() { return rotations.sum(); }

    /** Copy-truncate rotations seen: the file shrank below the read position, reading restarted at 0. */
    public long truncations() { return truncations.sum(); }

    /** Checkpoints persisted. */
    public long checkpointWrites() { return checkpointWrites.sum(); }

    /** Files that had to be read but were gone (rotated away before the tailer got to them): their unread content is lost. */
    public long missedFiles() { return missedFiles.sum(); }

    /** Lines without a newline at the end of a rotated or truncated file, handed out or dropped. */
    public long unterminatedLines() { return unterminatedLines.sum(); }

    /** Lines longer than the line limit; they are skipped. */
    public long overlongLines() { return overlongLines.sum(); }

    /** Read or receive errors that were survived (the source kept going). */
    public long readErrors() { return readErrors.sum(); }

    /** Audit rules the kernel refused at load (unicast mode): each is logged with its errno and skipped. */
    public long rulesRefused() { return rulesRefused.sum(); }

    /** The kernel's {@code lost} counter as last polled, or -1 when never polled. */
    public long kernelLost() { return kernelLost.get(); }

    /** Sum of the increases of the kernel {@code lost} counter seen since this source started. */
    public long kernelLostDelta() { return kernelLostDelta.sum(); }

    /**
     * Records a poll of the kernel {@code lost} counter; the first poll sets the baseline. A decrease
     * (the counter was reset) starts a new baseline.
     *
     * @return the increase since the previous poll
     */
    long kernelLostPolled(long value) {
        long prev = kernelLost.getAndSet(value);
        long delta = prev >= 0 && value > prev ? value - prev : 0;
        if (delta > 0) kernelLostDelta.add(delta);
        return delta;
    }

    /** The counters as of now, as one record. */
    public SourceStats snapshot() {
        return new SourceStats(lines(), messages(), bytes(), enobufs(), truncatedMessages(), foreignSenders(),
                rotations(), truncations(), checkpointWrites(), missedFiles(), unterminatedLines(), overlongLines(),
                readErrors(), rulesRefused(), kernelLostDelta());
    }

    /** All counters by name (snake case, as the metrics use them). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("lines", lines());
        m.put("messages", messages());
        m.put("bytes", bytes());
        m.put("enobufs", enobufs());
        m.put("truncated_messages", truncatedMessages());
        m.put("foreign_senders", foreignSenders());
        m.put("rotations", rotations());
        m.put("truncations", truncations());
        m.put("checkpoint_writes", checkpointWrites());
        m.put("missed_files", missedFiles());
        m.put("unterminated_lines", unterminatedLines());
        m.put("overlong_lines", overlongLines());
        m.put("read_errors", readErrors());
        m.put("rules_refused", rulesRefused());
        m.put("kernel_lost", kernelLost());
        m.put("kernel_lost_delta", kernelLostDelta());
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
