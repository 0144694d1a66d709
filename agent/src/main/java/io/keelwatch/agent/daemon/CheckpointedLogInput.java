package io.keelwatch.agent.daemon;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.EventId;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.audit.source.AuditLogTailer;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.Checkpoint;
import io.keelwatch.audit.source.CheckpointStore;
import io.keelwatch.audit.source.CheckpointTracker;
import io.keelwatch.audit.source.TailedLine;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The auditd log as the agent's audit input, each event handled once across restarts and crashes. The
 * tailer resumes at the saved checkpoint; every line read is shown to a {@link CheckpointTracker} (its
 * event id comes from parsing it here), and records of events handled before the restart are dropped
 * before they reach the queue or the journal. The core says when it is done with an event
 * ({@link #done}: its alerts are with the sinks, which write them through before returning), and a
 * thread of this input saves the tracker's checkpoint every {@code commitEveryMs} and once more when
 * the core has finished at shutdown.
 *
 * <p>What is exact: a restart, a {@code kill -9} or a crash repeats no event and loses none written to
 * the log, as long as the checkpointed file is still there (rotated away: counted as a missed file).
 * What is not: repeats of an alert folded while the agent was killed lose their count (the first
 * alert of each key is written at once); a power cut can lose the alerts file's last unsynced lines.
 *
 * <p>Threads: the reading thread owns the tailer; the core's thread calls {@link #done}; the commit
 * thread saves. The tracker is their one piece of shared state, and it is thread-safe.
 */
final class CheckpointedLogInput implements InputSource, PipelineCore.EventsDone {
    private static final Logger LOG = System.getLogger(CheckpointedLogInput.class.getName());

    private final AuditLogTailer tailer;
    private final CheckpointTracker tracker;
    private final CheckpointStore store;
    private final long commitEveryMs;
    private final LongAdder resumeSkipped = new LongAdder();
    private final LongAdder saveFailures = new LongAdder();
    private final boolean unreadableCheckpoint;
    private volatile boolean running = true;
    /** The commit thread waits on it between saves; {@link #close} wakes it. */
    private final Object pacer = new Object();
    private Thread reader;
    private Thread committer;
    private Checkpoint saved;

    private CheckpointedLogInput(AuditLogTailer tailer, Checkpoint resumed, CheckpointStore store, long commitEveryMs,
                                 boolean unreadableCheckpoint) {
        this.tailer = tailer;
        this.tracker = new CheckpointTracker(resumed);
        this.store = store;
        this.commitEveryMs = commitEveryMs;
        this.saved = resumed;
        this.unreadableCheckpoint = unreadableCheckpoint;
    }

    /**
     * Opens the log at the checkpoint in {@code checkpointFile}, or at its end when there is none. A
     * checkpoint that cannot be read is set aside ({@code .unreadable}), reported with its location and
     * counted; reading then starts at the end of the log, so what was written while the agent was down
     * is not read (and is counted as one loss, {@link #unreadableCheckpoints()}).
     */
    static CheckpointedLogInput open(Path log, Path checkpointFile, long commitEveryMs, AuditSourceStats stats)
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
        return new CheckpointedLogInput(tailer, cp, store, commitEveryMs, unreadable);
    }

    @Override
    public String name() {
        return tailer.describe();
    }

    @Override
    public void start(InputQueue queue) {
        reader = new Thread(() -> read(queue), "audit-source");
        reader.setDaemon(true);
        reader.start();
        committer = new Thread(this::commitLoop, "audit-checkpoint");
        committer.setDaemon(true);
        committer.start();
    }

    private void read(InputQueue queue) {
        AuditLineParser parser = new AuditLineParser();
        try {
            while (running) {
                TailedLine line = tailer.nextLine(200);
                if (line == null) {
                    continue;
                }
                EventId id;
                try {
                    id = parser.parseOwned(line.input().line()).eventId();
                } catch (MalformedRecordException e) {
                    id = null; // the core counts it as a parse error; here it only moves the position on
                }
                if (id == null) {
                    tracker.line(line);
                } else if (tracker.record(id, line)) {
                    resumeSkipped.increment();
                    continue;
                }
                // The file is the buffer: block rather than drop (auditd keeps writing meanwhile).
                queue.put(line.input());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                LOG.log(Level.ERROR, "audit source " + tailer.describe() + " stopped: " + e);
            }
        }
    }

    @Override
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

    /** Records read again after a restart and dropped: their events were handled before it. Not a loss. */
    long resumeSkipped() {
        return resumeSkipped.sum();
    }

    /** Checkpoint saves that failed (disk full, permissions): a crash then repeats more, loses nothing. */
    long saveFailures() {
        return saveFailures.sum();
    }

    /** 1 when the checkpoint found at start could not be read (the log's unread part is lost), else 0. */
    long unreadableCheckpoints() {
        return unreadableCheckpoint ? 1 : 0;
    }

    /** Stops reading. The last checkpoint is saved in {@link #coreFinished}, once the core has drained. */
    @Override
    public void close() {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
        synchronized (pacer) {
            // Woken, not interrupted: an interrupt would break a save under way (the channel closes).
            pacer.notifyAll();
        }
        for (Thread t : new Thread[] {reader, committer}) {
            if (t == null) {
                continue;
            }
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            tailer.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing " + tailer.describe() + ": " + e);
        }
    }

    @Override
    public void coreFinished() {
        commit();
    }
}
