package io.keelwatch.journal;

import io.keelwatch.event.HostInput;
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
 * The writer never lets the filesystem fill (see {@link SpaceGuard}): below the reserve, inputs are
 * dropped and counted in {@link JournalStats#droppedDiskFull()} and {@link JournalStats#diskFull()} is
 * raised until space is back. A failed write is counted too ({@link JournalStats#droppedError()}); the
 * writer never throws from {@link #append}.
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
    private final InputCodec codec = new InputCodec();
    private final Bytes<?> scratch = Bytes.allocateElasticOnHeap(4096);

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
        if (!space.admit(size, now)) {
            droppedDiskFull++;
            return false;
        }
        try {
            cycleClock.advanceTo(input.receivedAtMs());
            appender.writeBytes(scratch);
            appended++;
            appendedBytes += size;
            dirty = true;
        } catch (RuntimeException | InternalError e) {
            // InternalError is how the JVM reports a fault on a mapped page (the disk filled behind
            // the guard's back, e.g. another process): the excerpt is lost, the process is not.
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

    public Path dir() {
        return config.dir();
    }

    /** Syncs, then releases the files. */
    @Override
    public void close() {
        sync(wallClockMs.getAsLong());
        appender.close();
        queue.close();
        scratch.releaseLast();
    }
}
