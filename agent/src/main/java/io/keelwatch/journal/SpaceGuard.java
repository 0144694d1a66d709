package io.keelwatch.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the journal's hands off the last {@code reserveBytes} of its filesystem, so that a busy
 * journal never fills the disk for everything else on the host. It asks the filesystem for its free
 * space after every {@link #RECHECK_BYTES} written (so other writers are noticed soon) and otherwise
 * subtracts, so the common path costs nothing.
 */
final class SpaceGuard {

    /** How long a full disk is believed full before the filesystem is asked again. */
    static final long RECHECK_FULL_MS = 1_000;
    /** Bytes written between two looks at the filesystem. */
    static final long RECHECK_BYTES = 1L << 20;
    /** Bytes written per excerpt beyond its payload (header, index share), rounded up. */
    static final long OVERHEAD_PER_EXCERPT = 16;

    private final FileStore store;
    private final long reserveBytes;
    private long available;
    private long sinceCheck = Long.MAX_VALUE / 2;
    private boolean full;
    private long fullSinceCheckMs;

    SpaceGuard(Path dir, long reserveBytes) throws IOException {
        this.store = Files.getFileStore(dir);
        this.reserveBytes = reserveBytes;
    }

    /** Whether {@code bytes} more may be written now; false means the disk is at its reserve. */
    boolean admit(long bytes, long nowMs) {
        long need = bytes + OVERHEAD_PER_EXCERPT;
        if (available >= need && sinceCheck < RECHECK_BYTES) {
            take(need);
            return true;
        }
        if (full && nowMs - fullSinceCheckMs < RECHECK_FULL_MS) {
            return false;
        }
        refresh(nowMs);
        if (available >= need) {
            take(need);
            return true;
        }
        return false;
    }

    /** As {@link #admit}, but asks the filesystem now instead of trusting the count. */
    boolean admitFresh(long bytes, long nowMs) {
        sinceCheck = Long.MAX_VALUE / 2;
        return admit(bytes, nowMs);
    }

    /** Records that a write found the disk full although the count said otherwise. */
    void markFull(long nowMs) {
        available = 0;
        full = true;
        fullSinceCheckMs = nowMs;
    }

    /** True while the last look at the filesystem found it at the reserve. */
    boolean full() {
        return full;
    }

    private void take(long need) {
        available -= need;
        sinceCheck += need;
    }

    private void refresh(long nowMs) {
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            usable = 0; // cannot tell: treat as full rather than risk a fault
        }
        available = usable - reserveBytes;
        sinceCheck = 0;
        full = available <= 0;
        if (full) {
            fullSinceCheckMs = nowMs;
        }
    }
}
