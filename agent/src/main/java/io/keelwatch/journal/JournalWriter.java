package io.keelwatch.journal;

import io.keelwatch.input.HostInput;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.Wire;

/**
 * Appends every {@link HostInput} to the journal. One thread owns a writer: the pipeline thread that
 * consumes the inputs, so the journal order is the order the pipeline saw.
 *
 * <h2>The fsync point</h2>
 * An input is in the journal once {@link #append} returns true: it is in the mapped file, so it
 * survives the death of the process ({@code kill -9}, a crash) because the kernel's page cache still
 * holds it. Every {@code syncInterval} (checked on each append, and ticks arrive at least once a second)
 * the writer forces the current file's dirty pages to disk ({@code msync(MS_SYNC)}) and the index of the
 * last input appended becomes {@link JournalStats#lastSyncIndex()}. "Nothing before the last fsync
 * point lost" means: after any crash, machine crashes and power loss included, every input up to and
 * including that index reads back intact, in order; inputs after it are kept too unless the machine
 * itself went down. An excerpt whose write was cut short is never half-read: Chronicle marks a header
 * complete only after the body is written, and the next writer recovers the incomplete one.
 *
 * <h2>A full disk</h2>
 * The writer leaves {@code reserveBytes} free on its filesystem ({@link SpaceGuard}) and allocates
 * blocks ahead of its tail with plain writes ({@link Preallocator}), so it never stores into a mapped
 * page the disk cannot back, even when another process fills the disk. Below the reserve, or when
 * allocation fails, inputs are dropped and counted in {@link JournalStats#droppedDiskFull()} and
 * {@link JournalStats#diskFull()} is raised until space is back. A failed write is counted too
 * ({@link JournalStats#droppedError()}); the writer never throws from {@link #append}.
 */
public final class JournalWriter implements AutoCloseable {

    /** How often retention looks at the directory, in ms of wall time. */
    static final long RETENTION_CHECK_MS = 10_000;

    private final JournalConfig config;
    private final LongSupplier wallClockMs;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final CycleClock cycleClock;
    private final SpaceGuard space;
    private final JournalRetention retention;
    private final Preallocator preallocator = new Preallocator();
    private final InputCodec codec = new InputCodec();
    private final Bytes<?> scratch = Bytes.allocateElasticDirect(4096);

    private long appended;
    private long appendedBytes;
    private long droppedDiskFull;
    private long droppedError;
    private long syncs;
    private long lastSyncIndex = -1;
    private long cyclesDeleted;
    private String lastError;
    private long lastSyncAtMs;
    private long lastRetentionAtMs = Long.MIN_VALUE;
    private int lastCycle = Integer.MIN_VALUE;
    private File tailFile;
    private long tailPosition;
    private boolean dirty;

    private JournalWriter(JournalConfig config, LongSupplier wallClockMs) throws IOException {
        this.config = config;
        this.wallClockMs = wallClockMs;
        Files.createDirectories(config.dir());
        JournalQueues.quietChronicle();
        this.cycleClock = new CycleClock(0);
        this.queue = SingleChronicleQueueBuilder.binary(config.dir())
                .rollCycle(config.roll().rollCycle())
                .timeProvider(cycleClock)
                .syncMode(SyncMode.SYNC)
                .build();
        int last = queue.lastCycle();
        if (last >= 0) {
            cycleClock.advanceTo((long) last * queue.rollCycle().lengthInMillis());
        }
        this.appender = queue.createAppender();
        this.space = new SpaceGuard(config.dir(), config.reserveBytes());
        this.retention = new JournalRetention(config.maxAge(), config.maxBytes());
        this.lastSyncAtMs = wallClockMs.getAsLong();
    }

    /** Opens (creating when missing) the journal directory for appending. */
    public static JournalWriter open(JournalConfig config) throws IOException {
        return open(config, System::currentTimeMillis);
    }

    /** As {@link #open(JournalConfig)}, with the wall clock that paces fsync and retention. */
    public static JournalWriter open(JournalConfig config, LongSupplier wallClockMs) throws IOException {
        return new JournalWriter(config, wallClockMs);
    }

    /** Appends one input; false when it was dropped (counted). Never throws. */
    public boolean append(HostInput input) {
        long now = wallClockMs.getAsLong();
        boolean written = write(input, now);
        if (now - lastSyncAtMs >= config.syncInterval().toMillis()) {
            sync(now);
        }
        return written;
    }

    private boolean write(HostInput input, long now) {
        scratch.clear();
        try {
            codec.encode(input, scratch);
        } catch (RuntimeException e) {
            droppedError++;
            lastError = "cannot encode " + input.getClass().getSimpleName() + ": " + e;
            return false;
        }
        long size = scratch.readRemaining();
        cycleClock.advanceTo(input.receivedAtMs());
        if (!space.admit(size, now) || !roomAtTail(size, now)) {
            droppedDiskFull++;
            return false;
        }
        try {
            appender.writeBytes(scratch);
            appended++;
            appendedBytes += size;
            dirty = true;
            noteTail();
        } catch (RuntimeException | InternalError e) {
            // Last line of defence: InternalError is how the JVM reports a fault on a mapped page.
            // Preallocation keeps that from happening; should it ever, the excerpt is lost, not the agent.
            droppedError++;
            lastError = "cannot append to " + config.dir() + ": " + e;
            return false;
        }
        int cycle = appender.cycle();
        if (cycle != lastCycle) {
            lastCycle = cycle;
            applyRetention(now);
        } else if (now - lastRetentionAtMs >= RETENTION_CHECK_MS) {
            applyRetention(now);
        }
        return true;
    }

    /**
     * Allocates blocks for the excerpt before it is stored into the mapping. When the write will
     * open a new cycle file (or is the first of this writer), the new file's first pages cannot be
     * allocated ahead: the filesystem is asked for a clear margin instead.
     */
    private boolean roomAtTail(long size, long now) {
        int targetCycle = (int) (cycleClock.currentTimeMillis() / queue.rollCycle().lengthInMillis());
        if (tailFile == null || targetCycle != lastCycle) {
            return space.admitFresh(size + Preallocator.AHEAD, now);
        }
        return switch (preallocator.ensure(tailFile, tailPosition, size)) {
            case ALLOCATED -> true;
            case UNKNOWN -> space.admitFresh(size + Preallocator.AHEAD, now);
            case FULL -> {
                space.markFull(now);
                yield false;
            }
        };
    }

    /** Where this writer's last excerpt ended: only a position it wrote itself is trusted. */
    private void noteTail() {
        Wire wire = appender.wire();
        File file = appender.currentFile();
        if (wire == null || file == null) {
            tailFile = null;
            return;
        }
        tailFile = file;
        tailPosition = wire.bytes().writePosition();
    }

    /** Forces what was appended to disk now: the fsync point. */
    public void sync() {
        sync(wallClockMs.getAsLong());
    }

    private void sync(long now) {
        lastSyncAtMs = now;
        if (!dirty) {
            return;
        }
        try {
            appender.sync();
            lastSyncIndex = appender.lastIndexAppended();
            syncs++;
            dirty = false;
        } catch (RuntimeException | InternalError e) {
            lastError = "cannot sync " + config.dir() + ": " + e;
        }
    }

    private void applyRetention(long now) {
        lastRetentionAtMs = now;
        try {
            File current = appender.currentFile();
            List<CycleFile> cycles = CycleFile.list(config.dir(), queue.rollCycle());
            // Age is measured in the journal's own time (receive times, which ticks keep moving on a
            // live agent), so an import of old inputs is not deleted as it is written.
            List<CycleFile> doomed = retention.select(cycles, current == null ? null : current.toPath(),
                    cycleClock.currentTimeMillis());
            if (!doomed.isEmpty()) {
                cyclesDeleted += JournalRetention.delete(doomed);
                queue.refreshDirectoryListing();
            }
        } catch (IOException | UncheckedIOException e) {
            lastError = "retention in " + config.dir() + ": " + e;
        }
    }

    public JournalStats stats() {
        return new JournalStats(appended, appendedBytes, droppedDiskFull, droppedError, syncs, lastSyncIndex,
                cyclesDeleted, space.full(), lastError);
    }

    /** For tests: how often preallocation found data where it believed the tail was. */
    long preallocationMisses() {
        return preallocator.unknown();
    }

    public Path dir() {
        return config.dir();
    }

    /** Syncs, then releases the files. */
    @Override
    public void close() {
        sync(wallClockMs.getAsLong());
        preallocator.close();
        appender.close();
        queue.close();
        scratch.releaseLast();
    }
}
