package io.keelwatch.audit;

/**
 * Identity of one audit event: auparse keys events on node, timestamp and serial together, because
 * serials restart at boot and wrap at 2^32, and several nodes may share one log.
 *
 * @param node        the {@code node=} prefix, or {@code null} when the record had none
 * @param timestampMs milliseconds since the epoch, from {@code audit(SEC.MSEC:SERIAL)}
 * @param serial      the kernel serial, an unsigned 32-bit value held in a long
 */
public record EventId(String node, long timestampMs, long serial) implements Comparable<EventId> {

    @Override
    public int compareTo(EventId o) {
        int c = Long.compare(timestampMs, o.timestampMs);
        return c != 0 ? c : Long.compare(serial, o.serial);
    }

    /** The form ausearch prints: {@code SEC.MSEC:SERIAL}. */
    @Override
    public String toString() {
        return String.format("%d.%03d:%d", timestampMs / 1000, timestampMs % 1000, serial);
    }
}
