package io.keelwatch.journal;

/**
 * A snapshot of the journal writer's counters, for metrics and alerts.
 *
 * @param appended        inputs written
 * @param appendedBytes   payload bytes written
 * @param droppedDiskFull inputs not written because the filesystem was at its reserve
 * @param droppedError    inputs not written because the write failed (see {@code lastError})
 * @param syncs           completed fsync points
 * @param lastSyncIndex   the journal index of the last input covered by the last fsync point, or -1
 * @param cyclesDeleted   cycle files removed by retention
 * @param diskFull        raised while the filesystem is at its reserve: the agent turns it into an alert
 * @param lastError       the last write or retention error, or null
 */
public record JournalStats(long appended, long appendedBytes, long droppedDiskFull, long droppedError, long syncs,
                           long lastSyncIndex, long cyclesDeleted, boolean diskFull, String lastError) {

    public long dropped() {
        return droppedDiskFull + droppedError;
    }
}
