package io.keelwatch.audit.source;

/**
 * An audit source's counters ({@link AuditSourceStats}) at one moment, as the agent exports them.
 *
 * @param lines                log lines handed out (file source)
 * @param messages             netlink audit messages handed out (netlink source)
 * @param bytes                bytes of input handed out
 * @param enobufs              {@code ENOBUFS} from the netlink socket: the kernel dropped messages for this socket
 * @param truncatedMessages    netlink messages larger than the receive buffer (dropped)
 * @param foreignSenders       netlink messages not sent by the kernel (dropped)
 * @param rotations            log rotations by rename followed
 * @param truncations          copy-truncate rotations seen
 * @param checkpointWrites     checkpoints persisted
 * @param missedFiles          files rotated away before they were read to their end (their unread part is lost)
 * @param unterminatedLines    lines without a newline at the end of a rotated or truncated file
 * @param overlongLines        lines longer than the line limit (skipped)
 * @param readErrors           read or receive errors that were survived
 * @param rulesRefused         audit rules the kernel refused at load
 * @param kernelLostSinceStart increases of the kernel's {@code lost} counter seen since the agent started
 */
public record SourceStats(long lines, long messages, long bytes, long enobufs, long truncatedMessages,
                          long foreignSenders, long rotations, long truncations, long checkpointWrites,
                          long missedFiles, long unterminatedLines, long overlongLines, long readErrors,
                          long rulesRefused, long kernelLostSinceStart) {
}
