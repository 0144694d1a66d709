package io.keelwatch.audit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointedLogTest {
    @TempDir
    Path dir;

    private static String event(int serial) {
        return "type=SYSCALL msg=audit(1796113688.574:" + serial + "): arch=c000003e syscall=59 success=yes exit=0\n"
                + "type=PROCTITLE msg=audit(1796113688.574:" + serial + "): proctitle=7472756500\n";
    }

    private void append(Path log, String text) throws Exception {
        Files.writeString(log, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Takes {@code n} inputs from the source, tells it each event is done, stops it. */
    private List<String> run(CheckpointedLog in, int n) throws Exception {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Received r = in.next(5000);
            HostInput h = r == null ? null : r.input();
            assertTrue(h instanceof HostInput.AuditLine, "input " + i + " arrived");
            String line = new String(((HostInput.AuditLine) h).line(), StandardCharsets.US_ASCII);
            got.add(line);
            if (line.startsWith("type=PROCTITLE")) {
                in.done(AuditRecord.parse(line).eventId());
            }
        }
        assertNull(in.next(300), "nothing more");
        in.close();
        in.consumerFinished();
        return got;
    }

    @Test
    void aRestartReadsOnlyWhatCameAfterTheEventsHandled() throws Exception {
        Path log = dir.resolve("audit.log");
        Path cp = dir.resolve("state/audit.checkpoint");
        append(log, event(1));
        AuditSourceStats stats = new AuditSourceStats();
        CheckpointedLog first = CheckpointedLog.open(log, cp, 50, stats);
        append(log, event(2) + event(3));
        assertEquals(4, run(first, 4).size(), "the first start begins at the log's end: events 2 and 3");
        assertTrue(Files.exists(cp));
        append(log, event(4));
        List<String> second = run(CheckpointedLog.open(log, cp, 50, stats), 2);
        assertTrue(second.get(0).contains(":4)"), second.toString());
        assertEquals(0, stats.missedFiles());
    }

    @Test
    void anUnreadableCheckpointIsSetAsideCountedAndReadingStartsAtTheEnd() throws Exception {
        Path log = dir.resolve("audit.log");
        Path cp = dir.resolve("audit.checkpoint");
        append(log, event(1) + event(2));
        Files.writeString(cp, "not a checkpoint\n");
        CheckpointedLog in = CheckpointedLog.open(log, cp, 50, new AuditSourceStats());
        assertEquals(1, in.unreadableCheckpoints());
        assertTrue(Files.exists(dir.resolve("audit.checkpoint.unreadable")), "kept for a look");
        append(log, event(3));
        List<String> got = run(in, 2);
        assertTrue(got.get(0).contains(":3)"), got.toString());
        assertEquals(0, in.saveFailures());
        assertTrue(new CheckpointStore(cp, new AuditSourceStats()).load() != null, "a good checkpoint replaced it");
    }
}
