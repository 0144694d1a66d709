package io.keelwatch.audit.source;

import io.keelwatch.audit.EventId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Computes exactly-once checkpoints for a consumer of {@link AuditLogTailer} lines.
 *
 * <p>The consumer calls, in the order it reads lines:
 * <ul>
 *   <li>{@link #record(EventId, TailedLine)} for every line that parsed into a record of event {@code id}.
 *       When it returns {@code true} the event was handled before the restart and this is a re-read:
 *       the consumer drops the record instead of reassembling it. A record arriving late for an event
 *       handled in this run is not dropped: it goes to the reassembler like any other (which emits it
 *       on its own, as auparse does), and its handling is tracked again;</li>
 *   <li>{@link #line(TailedLine)} for a line that belongs to no event (unparseable);</li>
 *   <li>{@link #handled(EventId)} once it is done with an event for good (emitted and acted on, or
 *       dropped and counted) — possibly later and from another thread;</li>
 *   <li>{@link #checkpoint()} now and then, once the output of the events handled so far is durable,
 *       saving the result with {@link CheckpointStore#save}.</li>
 * </ul>
 *
 * <p>The checkpoint's resume position is the start of the oldest open (not yet handled) event's first
 * record, or the end of the last line when no event is open: everything before it is handled. Handled
 * events with records at or after that position travel in the checkpoint, so after a restart their
 * re-read records are recognised and dropped. Whatever happens between two saves (a crash, a kill -9)
 * is read again on restart and each event is handled once.
 *
 * <p>Thread-safe (one lock); the per-line cost is a couple of hash lookups.
 */
public final class CheckpointTracker {

    private static final class Span {
        LogPosition start;
        LogPosition end;

        Span(LogPosition start, LogPosition end) {
            this.start = start;
            this.end = end;
        }
    }

    private final Map<EventId, Span> open = new HashMap<>();
    private final Map<EventId, LogPosition> handled = new HashMap<>();   // id -> end of its last record read
    private final Checkpoint resumedFrom;
    private final Set<EventId> replay;   // handled before the restart, not read again yet
    private final Set<EventId> restored = new HashSet<>();   // handled before the restart, being read again
    private boolean replaying;
    private boolean seenReadFile;
    private LogPosition lastEnd;

    /** @param resumedFrom the checkpoint the tailer resumed from, or {@code null} on a first start */
    public CheckpointTracker(Checkpoint resumedFrom) {
        this.resumedFrom = resumedFrom;
        this.replay = resumedFrom == null ? new HashSet<>() : new HashSet<>(resumedFrom.emitted());
        this.replaying = resumedFrom != null;
    }

    /**
     * Notes a line carrying a record of event {@code id}.
     *
     * @return {@code true} when that event was handled already: drop the record
     */
    public synchronized boolean record(EventId id, TailedLine line) {
        if (replay.remove(id)) restored.add(id);
        advance(line);
        if (restored.contains(id)) {
            handled.put(id, line.end());
            return true;
        }
        Span s = open.get(id);
        if (s == null) {
            open.put(id, new Span(line.start(), line.end()));
        } else {
            s.end = line.end();
        }
        return false;
    }

    /** Notes a line that belongs to no event. */
    public synchronized void line(TailedLine line) {
        advance(line);
    }

    /** Whether {@code id} was handled before the restart (its records are to be dropped). */
    public synchronized boolean alreadyHandled(EventId id) {
        return restored.contains(id) || replay.contains(id);
    }

    /** The consumer is done with event {@code id}. Unknown ids are ignored. */
    public synchronized void handled(EventId id) {
        Span s = open.remove(id);
        if (s != null) handled.merge(id, s.end, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** Events read but not handled yet. */
    public synchronized int openEvents() {
        return open.size();
    }

    /**
     * The checkpoint to save now, or {@code null} when nothing was read and nothing resumed. Forgets
     * handled events that lie wholly before the resume position.
     */
    public synchronized Checkpoint checkpoint() {
        if (lastEnd == null) return resumedFrom;
        LogPosition resume = lastEnd;
        for (Span s : open.values()) {
            if (s.start.compareTo(resume) < 0) resume = s.start;
        }
        Set<EventId> emitted = new HashSet<>(replay);
        for (Iterator<Map.Entry<EventId, LogPosition>> it = handled.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<EventId, LogPosition> e = it.next();
            if (e.getValue().compareTo(resume) > 0) {
                emitted.add(e.getKey());
            } else {
                it.remove();
                restored.remove(e.getKey());
            }
        }
        if (replaying) {
            // Still inside what the previous run had read: its read end is further than ours.
            return new Checkpoint(resume.file(), resume.fileHead(), resume.offset(), resumedFrom.readFile(),
                    resumedFrom.readFileHead(), resumedFrom.readOffset(), emitted);
        }
        return new Checkpoint(resume.file(), resume.fileHead(), resume.offset(), lastEnd.file(), lastEnd.fileHead(),
                lastEnd.offset(), emitted);
    }

    /** Whether {@code at} is in that file: same device and inode, and the same first line when both are known. */
    private static boolean sameFile(LogPosition at, FileKey file, long head) {
        return at.file().equals(file) && (head == -1 || at.fileHead() == -1 || head == at.fileHead());
    }

    private void advance(TailedLine line) {
        lastEnd = line.end();
        if (!replaying) return;
        LogPosition at = line.end();
        boolean inReadFile = sameFile(at, resumedFrom.readFile(), resumedFrom.readFileHead());
        if (inReadFile && at.offset() >= resumedFrom.readOffset()
                || !inReadFile && (seenReadFile || !sameFile(at, resumedFrom.file(), resumedFrom.fileHead()))) {
            // Past the previous run's read end: every event it handled has been met again.
            replaying = false;
            replay.clear();
        }
        seenReadFile |= inReadFile;
    }
}
