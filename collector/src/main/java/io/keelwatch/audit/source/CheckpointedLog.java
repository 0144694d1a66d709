package io.keelwatch.audit.source;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.EventId;
import io.keelwatch.audit.Received;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The auditd log as an audit source that hands each event out once across restarts and crashes. The tailer
 * resumes at the saved checkpoint; every line read is parsed (once: the parse goes downstream with the line)
 * and shown to a {@link CheckpointTracker}, and records of events handled before the restart are dropped
 * here, before anyone sees them. The consumer says when it is done with an event ({@link #done}: its output
 * is durable), and a thread of this source saves the tracker's checkpoint every {@code commitEveryMs}, and
 * once more when the consumer has finished ({@link #consumerFinished}).
 *
 * <p>What is exact: a restart, a {@code kill -9} or a crash repeats no event and loses none written to the
 * log, as long as the checkpointed file is still there (rotated away: counted as a missed file). A crash
 * between making an event's output durable and saving the checkpoint that covers it repeats that commit's
 * events (at-least-once, never a loss).
 *
 * <p>Threads: the reading thread calls {@link #next} and {@link #close}; the consumer's thread calls
 * {@link #done}; the commit thread saves. The tracker is their one piece of shared state, and it is
 * thread-safe.
 */
public final class CheckpointedLog implements AuditSource {
    private static final Logger LOG = System.getLogger(CheckpointedLog.class.getName());

    private final AuditLogTailer tailer;
    private final CheckpointTracker tracker;
    private final CheckpointStore store;
    private final long commitEveryMs;
    private final AuditLineParser parser = new AuditLineParser();
    private final LongAdder resumeSkipped = new LongAdder();
    private final LongAdder saveFailures = new LongAdder();
    private final boolean unreadableCheckpoint;
    private final AuditSourceStats stats;
    /** The commit thread waits on it between saves; {@link #close} wakes it. */
    private final Object pacer = new Object();
    private final Thread committer;
    private volatile boolean running = true;
    private Checkpoint saved;

    private CheckpointedLog(AuditLogTailer tailer, Checkpoint resumed, CheckpointStore store, long commitEveryMs,
                            boolean unreadableCheckpoint, AuditSourceStats stats) {
        this.tailer = tailer;
        this.tracker = new CheckpointTracker(resumed);
        this.store = store;
        this.commitEveryMs = commitEveryMs;
        this.saved = resumed;
        this.unreadableCheckpoint = unreadableCheckpoint;
        this.stats = stats;
        this.committer = new Thread(this::commitLoop, "audit-checkpoint");
        committer.setDaemon(true);
    }

    /**
     * Opens the log at the checkpoint in {@code checkpointFile}, or at its end when there is none, and starts
     * the commit thread. A checkpoint that cannot be read is set aside ({@code .unreadable}), reported with its
     * location and counted; reading then starts at the end of the log, so what was written while the agent was
     * down is not read (and is counted as one loss, {@link #unreadableCheckpoints()}).
     */
    public static CheckpointedLog open(Path log, Path checkpointFile, long commitEveryMs, AuditSourceStats stats)
            throws IOException {
        CheckpointStore store = new CheckpointStore(checkpointFile, stats);
        Checkpoint cp = null;
        boolean unreadable = false;
        try {
            cp = store.load();
        } catch (IOException e) {
            unreadable = true;
            Path aside = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".unreadable");
            try {
                Files.move(checkpointFile, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = checkpointFile; // the next save replaces it
            }
            LOG.log(Level.ERROR, "audit checkpoint unreadable, reading " + log + " from its end: " + e.getMessage()
                    + " (kept as " + aside + ")");
        }
        Files.createDirectories(checkpointFile.toAbsolutePath().getParent());
        AuditLogTailer tailer = new AuditLogTailer(log, cp, AuditLogTailer.StartAt.END, stats);
        LOG.log(Level.INFO, cp == null ? "audit log " + log + ": no checkpoint, starting at its end"
                : "audit log " + log + ": resuming at offset " + cp.offset() + " of inode " + cp.file().inode()
                + ", " + cp.emitted().size() + " event(s) handled beyond it");
        CheckpointedLog l = new CheckpointedLog(tailer, cp, store, commitEveryMs, unreadable, stats);
        l.committer.start();
        return l;
    }

    @Override
    public Received next(long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            TailedLine line = tailer.nextLine(left);
            if (line == null) {
                return null;
            }
            Received r = Received.parse(parser, line.input(), true);
            // A malformed line has no event: it only moves the position on (the core counts it).
            EventId id = r.record() == null ? null : r.record().eventId();
            if (id == null) {
                tracker.line(line);
                return r;
            }
            if (!tracker.record(id, line)) {
                return r;
            }
            resumeSkipped.increment();
            if (left == 0) {
                return null;
            }
        }
    }

    /** The consumer is done with an event: its output is durable, so the checkpoint may move past it. */
    public void done(EventId id) {
        tracker.handled(id);
    }

    private void commitLoop() {
        while (true) {
            synchronized (pacer) {
                try {
                    pacer.wait(commitEveryMs);
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    return;
                }
            }
            commit();
        }
    }

    /** Saves the checkpoint when it moved; a failed save is logged, counted and retried next time. */
    synchronized void commit() {
        Checkpoint cp = tracker.checkpoint();
        if (cp == null || Objects.equals(cp, saved)) {
            return;
        }
        try {
            store.save(cp);
            saved = cp;
        } catch (IOException e) {
            saveFailures.increment();
            LOG.log(Level.WARNING, "audit checkpoint " + store.path() + " not saved (kept in memory, retried): " + e);
        }
    }

    @Override
    public void consumerFinished() {
        commit();
    }

    /** Records read again after a restart and dropped: their events were handled before it. Not a loss. */
    public long resumeSkipped() {
        return resumeSkipped.sum();
    }

    /** Checkpoint saves that failed (disk full, permissions): a crash then repeats more, loses nothing. */
    public long saveFailures() {
        return saveFailures.sum();
    }

    /** 1 when the checkpoint found at start could not be read (the log's unread part is lost), else 0. */
    public long unreadableCheckpoints() {
        return unreadableCheckpoint ? 1 : 0;
    }

    @Override
    public AuditSourceStats stats() {
        return stats;
    }

    @Override
    public String describe() {
        return tailer.describe();
    }

    /**
     * Stops the commit thread and closes the log. The last checkpoint is saved by {@link #consumerFinished},
     * once the consumer has drained what it was given.
     */
    @Override
    public void close() throws IOException {
        running = false;
        synchronized (pacer) {
            // Woken, not interrupted: an interrupt would break a save under way (the channel closes).
            pacer.notifyAll();
        }
        try {
            committer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tailer.close();
    }
}
