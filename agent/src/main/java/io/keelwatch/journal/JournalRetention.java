package io.keelwatch.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes whole old cycle files: those that ended more than {@code maxAge} ago, then the oldest
 * while the journal is larger than {@code maxBytes}. The cycle being written is never deleted, even
 * when it alone is over the size limit.
 */
final class JournalRetention {

    private final Duration maxAge;
    private final long maxBytes;

    JournalRetention(Duration maxAge, long maxBytes) {
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /**
     * @param cycles  the journal's cycle files, oldest first
     * @param current the file being written, or null
     * @param nowMs   the time age is measured against
     * @return the files to delete, oldest first
     */
    List<CycleFile> select(List<CycleFile> cycles, Path current, long nowMs) {
        List<CycleFile> doomed = new ArrayList<>();
        long total = 0;
        for (CycleFile c : cycles) {
            total += c.bytes();
        }
        long oldestAllowedEnd = nowMs - maxAge.toMillis();
        for (CycleFile c : cycles) {
            if (c.path().equals(current)) {
                break; // never the current one, nor anything after it (a clock that went back)
            }
            if (c.endMs() <= oldestAllowedEnd || total > maxBytes) {
                doomed.add(c);
                total -= c.bytes();
            } else {
                break; // oldest first: once one survives, the newer ones do too
            }
        }
        return doomed;
    }

    /** Deletes the selected files; returns how many were deleted. */
    static int delete(List<CycleFile> doomed) throws IOException {
        int n = 0;
        for (CycleFile c : doomed) {
            if (Files.deleteIfExists(c.path())) {
                n++;
            }
        }
        return n;
    }
}
