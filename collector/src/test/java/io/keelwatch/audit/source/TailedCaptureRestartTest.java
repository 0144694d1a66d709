package io.keelwatch.audit.source;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.EventId;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.audit.Reassembler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on the team's real capture (78k records, 14,131 events): the log is split over three
 * rotated files, read by the tailer, parsed and reassembled by the collector's parser, and checkpointed
 * with {@link CheckpointTracker}. Runs killed at several points and resumed deliver exactly the events
 * of one uninterrupted run.
 */
class TailedCaptureRestartTest {
    static final Path CAPTURE = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
            "fixtures", "captured", "benign-containers", "audit.log.gz");

    @TempDir
    Path dir;

    /** Event id -> its record lines, as committed. */
    private static final class Output {
        final Map<EventId, List<String>> events = new HashMap<>();
    }

    private void writeRotated(Path live) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(CAPTURE))) {
            all = in.readAllBytes();
        }
        int a = cutAfterNewline(all, all.length / 3);
        int b = cutAfterNewline(all, 2 * all.length / 3);
        Files.write(dir.resolve("audit.log.2"), java.util.Arrays.copyOfRange(all, 0, a));
        Files.write(dir.resolve("audit.log.1"), java.util.Arrays.copyOfRange(all, a, b));
        Files.write(live, java.util.Arrays.copyOfRange(all, b, all.length));
    }

    private static int cutAfterNewline(byte[] b, int from) {
        int i = from;
        while (b[i] != '\n') i++;
        return i + 1;
    }

    /** One consumer run; dies after {@code killAfter} lines (-1: to the end, then flush and commit). */
    private static void run(Path live, CheckpointStore store, Checkpoint first, Output out, int killAfter)
            throws Exception {
        Checkpoint cp = store.load();
        if (cp == null) cp = first;
        CheckpointTracker tracker = new CheckpointTracker(cp);
        Map<EventId, List<String>> pending = new HashMap<>();
        Reassembler reassembler = Reassembler.ofRecords((id, recs) -> {
            List<String> lines = new ArrayList<>(recs.size());
            for (AuditRecord r : recs) lines.add(r.text());
            // A late record forms its own event under the same id: keep it beside the first.
            pending.merge(id, lines, (x, y) -> {
                List<String> m = new ArrayList<>(x);
                m.addAll(y);
                return m;
            });
            tracker.handled(id);
        }, Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
        AuditLineParser parser = new AuditLineParser();
        int n = 0;
        try (AuditLogTailer t = new AuditLogTailer(live, cp, AuditLogTailer.StartAt.BEGINNING, new AuditSourceStats(), 1)) {
            for (TailedLine l; (l = t.nextLine(0)) != null; ) {
                byte[] line = l.input().line();
                AuditRecord r;
                try {
                    r = parser.parseLine(line, 0, line.length);
                } catch (MalformedRecordException e) {
                    tracker.line(l);
                    continue;
                }
                if (!tracker.record(r.eventId(), l)) reassembler.add(r);
                if (++n % 2000 == 0) commit(pending, out, tracker, store);
                if (n == killAfter) return;
            }
        }
        reassembler.flush();
        commit(pending, out, tracker, store);
    }

    private static void commit(Map<EventId, List<String>> pending, Output out, CheckpointTracker tracker,
                               CheckpointStore store) throws IOException {
        for (Map.Entry<EventId, List<String>> e : pending.entrySet()) {
            // A late record's event commits under the id of its first part: keep both, in order.
            out.events.merge(e.getKey(), e.getValue(), (x, y) -> {
                List<String> m = new ArrayList<>(x);
                m.addAll(y);
                return m;
            });
        }
        pending.clear();
        Checkpoint c = tracker.checkpoint();
        if (c != null) store.save(c);
    }

    @Test
    void killedAndResumedRunsDeliverTheEventsOfOneUninterruptedRun() throws Exception {
        Path live = dir.resolve("audit.log");
        writeRotated(live);
        Checkpoint first = Checkpoint.at(FileKey.of(dir.resolve("audit.log.2")), 0);

        Output reference = new Output();
        run(live, new CheckpointStore(dir.resolve("ref.cp"), new AuditSourceStats(), false), first, reference, -1);
        // ausearch counts 14,131 events; the parser's reassembler emits late records as events of their
        // own under an id already seen, which this map folds into one entry.
        assertTrue(reference.events.size() > 14_000, "events: " + reference.events.size());
        System.out.println("reference run: " + reference.events.size() + " distinct event ids, "
                + reference.events.values().stream().mapToInt(List::size).sum() + " records");

        int[][] kills = {{1}, {17_777}, {26_100, 3}, {40_000, 1_999, 2_001}, {77_000}};
        for (int[] plan : kills) {
            Output out = new Output();
            CheckpointStore store = new CheckpointStore(dir.resolve("kill.cp"), new AuditSourceStats(), false);
            Files.deleteIfExists(store.path());
            for (int k : plan) run(live, store, first, out, k);
            run(live, store, first, out, -1);
            String where = "kills after " + java.util.Arrays.toString(plan);
            assertEquals(reference.events.size(), out.events.size(), where);
            assertEquals(reference.events, out.events, where);
        }
    }
}
