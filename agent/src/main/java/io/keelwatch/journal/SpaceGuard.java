package io.keelwatch.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the journal off a full disk. Chronicle writes through memory-mapped files, and a page that
 * cannot be allocated on a full filesystem faults (SIGBUS) instead of returning an error, so the
 * journal must stop writing before that point rather than handle it. The guard hands out a budget of
 * bytes (free space minus the reserve) and asks the filesystem again only when the budget is spent,
 * so the common path is a subtraction.
 */
final class SpaceGuard {

    /** How long a full disk is believed full before the filesystem is asked again. */
    static final long RECHECK_FULL_MS = 1_000;
    /** Bytes written per excerpt beyond its payload (header, index share), rounded up. */
    static final long OVERHEAD_PER_EXCERPT = 16;

    private final FileStore store;
    private final long reserveBytes;
    private long budget;
    private boolean full;
    private long fullSinceCheckMs;

    SpaceGuard(Path dir, long reserveBytes) throws IOException {
        this.store = Files.getFileStore(dir);
        this.reserveBytes = reserveBytes;
    }

    /** Whether {@code bytes} more may be written now; false means the disk is (nearly) full. */
    boolean admit(long bytes, long nowMs) {
        long need = bytes + OVERHEAD_PER_EXCERPT;
        if (budget >= need) {
            budget -= need;
            return true;
        }
        if (full && nowMs - fullSinceCheckMs < RECHECK_FULL_MS) {
            return false;
        }
        refresh(nowMs);
        if (budget >= need) {
            budget -= need;
            return true;
        }
        return false;
    }

    /** True while the last look at the filesystem found less than the reserve free. */
    boolean full() {
        return full;
    }

    private void refresh(long nowMs) {
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            usable = 0; // cannot tell: treat as full rather than risk a fault
        }
        // Only part of the free space is handed out at once so that other writers on the same
        // filesystem are noticed soon.
        budget = Math.min(usable - reserveBytes, 4L << 20);
        full = budget <= 0;
        if (full) {
            fullSinceCheckMs = nowMs;
        }
    }
}
