package io.keelwatch.journal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the journal is written.
 *
 * @param dir          the queue directory ({@code /var/lib/keelwatch/journal} by default)
 * @param roll         cycle length: one file per hour or per day
 * @param maxAge       whole cycles older than this are deleted (the current one never)
 * @param maxBytes     oldest whole cycles are deleted while the journal is larger than this
 * @param syncInterval how often the mapped files are forced to disk: the fsync point (see {@link JournalWriter})
 * @param reserveBytes free space the journal leaves on its filesystem: below it, inputs are dropped and counted
 */
public record JournalConfig(Path dir, RollPeriod roll, Duration maxAge, long maxBytes, Duration syncInterval,
                            long reserveBytes) {

    public static final Path DEFAULT_DIR = Path.of("/var/lib/keelwatch/journal");

    public JournalConfig {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("journal maxAge must be positive: " + maxAge);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("journal maxBytes must be positive: " + maxBytes);
        }
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("journal syncInterval must be positive: " + syncInterval);
        }
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("journal reserveBytes must not be negative: " + reserveBytes);
        }
    }

    /** Hourly cycles kept 7 days and at most 4 GiB, synced every second, 64 MiB left free. */
    public static JournalConfig defaults(Path dir) {
        return new JournalConfig(dir, RollPeriod.HOURLY, Duration.ofDays(7), 4L << 30, Duration.ofSeconds(1), 64L << 20);
    }

    public JournalConfig withRetention(Duration age, long bytes) {
        return new JournalConfig(dir, roll, age, bytes, syncInterval, reserveBytes);
    }

    public JournalConfig withRoll(RollPeriod period) {
        return new JournalConfig(dir, period, maxAge, maxBytes, syncInterval, reserveBytes);
    }

    public JournalConfig withSyncInterval(Duration interval) {
        return new JournalConfig(dir, roll, maxAge, maxBytes, interval, reserveBytes);
    }

    public JournalConfig withReserveBytes(long reserve) {
        return new JournalConfig(dir, roll, maxAge, maxBytes, syncInterval, reserve);
    }
}
