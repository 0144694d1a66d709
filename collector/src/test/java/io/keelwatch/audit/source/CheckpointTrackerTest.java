package io.keelwatch.audit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.EventId;
import io.keelwatch.input.HostInput;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckpointTrackerTest {
    private static final FileKey K = new FileKey(65024, 5310177);
    private static final long OURS = 3050589885L;
    private static final long REUSER = 4275485878L;

    private static TailedLine line(long head, long start, long end) {
        return new TailedLine(new HostInput.AuditLine(0, "audit.log", new byte[0]),
                new LogPosition(K, 0, start, head), new LogPosition(K, 0, end, head));
    }

    @Test
    void linesOfAFileThatReusedTheReadFilesInodeEndTheReplay() {
        // The previous run had read its file to 283309 and handled event e beyond the resume point. That file is
        // gone and a newer one has its inode: its lines lie at smaller offsets but are all new.
        EventId e = new EventId(null, 1_796_113_688_574L, 1161);
        Checkpoint resumed = new Checkpoint(K, OURS, 283_000, K, OURS, 283_309, Set.of(e));
        CheckpointTracker t = new CheckpointTracker(resumed);
        EventId fresh = new EventId(null, 1_796_113_700_000L, 1200);
        assertFalse(t.record(fresh, line(REUSER, 0, 514)));
        t.handled(fresh);
        Checkpoint cp = t.checkpoint();
        assertEquals(REUSER, cp.readFileHead(), "the read end is in the newer file now");
        assertEquals(514, cp.readOffset());
        assertEquals(Set.of(), cp.emitted(), "the old file's handled events are no longer carried");
        assertFalse(t.alreadyHandled(e));
    }

    @Test
    void linesOfTheReadFileItselfBeforeItsReadEndKeepTheReplay() {
        EventId e = new EventId(null, 1_796_113_688_574L, 1161);
        Checkpoint resumed = new Checkpoint(K, OURS, 283_000, K, OURS, 283_309, Set.of(e));
        CheckpointTracker t = new CheckpointTracker(resumed);
        assertTrue(t.record(e, line(OURS, 283_000, 283_200)), "a record of an event handled before the restart");
        Checkpoint cp = t.checkpoint();
        assertEquals(283_309, cp.readOffset(), "still inside what the previous run had read");
        assertEquals(OURS, cp.readFileHead());
    }
}
