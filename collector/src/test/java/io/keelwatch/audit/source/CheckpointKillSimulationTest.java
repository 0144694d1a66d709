package io.keelwatch.audit.source;

import io.keelwatch.audit.EventId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill-in-the-middle simulation of the exactly-once contract: a consumer reassembles interleaved
 * multi-line events from a rotated log, commits (output, then checkpoint) every few lines, and is killed
 * after an arbitrary line; a new consumer resumes from the saved checkpoint. Over every kill point the
 * output holds every event exactly once with all its records.
 */
class CheckpointKillSimulationTest {
    @TempDir
    Path dir;

    /** The log: events of 1-5 records, up to 4 in flight, PROCTITLE (or a one-line USER_LOGIN) last. */
    private static Map<EventId, List<String>> writeLog(Path rotated, Path live, long seed) throws IOException {
        Random rnd = new Random(seed);
        Map<EventId, List<String>> expected = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        List<long[]> inFlight = new ArrayList<>();   // {serial, records left}
        long serial = 4294967290L;                    // crosses the 2^32 wrap on the way
        int events = 0;
        while (events < 50 || !inFlight.isEmpty()) {
            if (events < 50 && (inFlight.isEmpty() || inFlight.size() < 4 && rnd.nextInt(3) == 0)) {
                inFlight.add(new long[]{serial, 1 + rnd.nextInt(5)});
                serial = (serial + 1) & 0xffffffffL;
                events++;
                continue;
            }
            long[] e = inFlight.get(rnd.nextInt(inFlight.size()));
            EventId id = new EventId(null, 1_700_000_000_123L + e[0] % 7, e[0]);
            List<String> recs = expected.computeIfAbsent(id, k -> new ArrayList<>());
            String type = e[1] == 1 ? (recs.isEmpty() ? "USER_LOGIN" : "PROCTITLE") : recs.isEmpty() ? "SYSCALL" : "PATH";
            String line = "type=" + type + " msg=audit(" + id.timestampMs() / 1000 + "." + String.format("%03d", id.timestampMs() % 1000)
                    + ":" + e[0] + "): item=" + recs.size() + " pad=" + "x".repeat(rnd.nextInt(40));
            recs.add(line);
            lines.add(line);
            if (--e[1] == 0) inFlight.remove(e);
        }
        int cut = lines.size() / 2;
        Files.writeString(rotated, String.join("\n", lines.subList(0, cut)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(live, String.join("\n", lines.subList(cut, lines.size())) + "\n", StandardCharsets.UTF_8);
        return expected;
    }

    private static EventId idOf(String line) {
        int a = line.indexOf("audit(") + 6;
        int dot = line.indexOf('.', a);
        int colon = line.indexOf(':', dot);
        int close = line.indexOf(')', colon);
        long ms = Long.parseLong(line.substring(a, dot)) * 1000 + Long.parseLong(line.substring(dot + 1, colon));
        return new EventId(null, ms, Long.parseLong(line.substring(colon + 1, close)));
    }

    /** What survives a kill: the committed output and the saved checkpoint. */
    private static final class Sink {
        final Map<EventId, List<String>> events = new HashMap<>();
        int duplicates;
    }

    /**
     * One consumer run: reads from the saved checkpoint (or {@code first}), commits every
     * {@code every} lines, and dies after {@code killAfter} lines (-1: runs to the end and commits).
     */
    private void run(Path live, CheckpointStore store, Checkpoint first, Sink sink, int every, int killAfter)
            throws Exception {
        Checkpoint cp = store.load();
        if (cp == null) cp = first;
        CheckpointTracker tracker = new CheckpointTracker(cp);
        Map<EventId, List<String>> open = new HashMap<>();
        Map<EventId, List<String>> done = new LinkedHashMap<>();   // handled, not yet committed
        int n = 0;
        try (AuditLogTailer t = new AuditLogTailer(live, cp, AuditLogTailer.StartAt.BEGINNING, new AuditSourceStats(), 1)) {
            for (TailedLine l; (l = t.nextLine(0)) != null; ) {
                String line = new String(l.input().line(), StandardCharsets.UTF_8);
                EventId id = idOf(line);
                if (!tracker.record(id, l)) {
                    open.computeIfAbsent(id, k -> new ArrayList<>()).add(line);
                    if (line.startsWith("type=PROCTITLE") || line.startsWith("type=USER_LOGIN")) {
                        done.put(id, open.remove(id));
                        tracker.handled(id);
                    }
                }
                n++;
                if (n % every == 0) commit(done, sink, tracker, store);
                if (n == killAfter) return;   // killed: uncommitted output and tracker state are gone
            }
        }
        commit(done, sink, tracker, store);
    }

    private static void commit(Map<EventId, List<String>> done, Sink sink, CheckpointTracker tracker,
                               CheckpointStore store) throws IOException {
        for (Map.Entry<EventId, List<String>> e : done.entrySet()) {
            if (sink.events.put(e.getKey(), e.getValue()) != null) sink.duplicates++;
        }
        done.clear();
        Checkpoint cp = tracker.checkpoint();
        if (cp != null) store.save(cp);
    }

    @Test
    void everyEventExactlyOnceWhateverLineTheConsumerIsKilledAfter() throws Exception {
        Path rotated = dir.resolve("audit.log.1");
        Path live = dir.resolve("audit.log");
        Map<EventId, List<String>> expected = writeLog(rotated, live, 42);
        int total = expected.values().stream().mapToInt(List::size).sum();
        Checkpoint first = Checkpoint.at(FileKey.of(rotated), 0);
        // Thousands of checkpoint saves: keep them on tmpfs when there is one (renames are 5x cheaper).
        Path shm = Path.of("/dev/shm");
        Path cpDir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "kw-cp") : dir;
        int runs = 0;
        try {
            for (int every : new int[]{2, 5, 11}) {
                int stride = every == 5 ? 1 : 3;   // every kill point once, the others sampled
                for (int kill = 1; kill < total; kill += stride) {
                    killAndResume(live, cpDir.resolve("cp-" + every + "-" + kill), first, expected, every, kill);
                    runs++;
                }
            }
        } finally {
            if (!cpDir.equals(dir)) {
                try (var files = Files.list(cpDir)) {
                    for (Path p : files.toList()) Files.delete(p);
                }
                Files.delete(cpDir);
            }
        }
        assertTrue(runs > 200, "simulated kills: " + runs);
    }

    private void killAndResume(Path live, Path cpFile, Checkpoint first, Map<EventId, List<String>> expected,
                               int every, int kill) throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        // A kill, not a power cut: the atomic rename matters, the fsyncs do not.
        CheckpointStore store = new CheckpointStore(cpFile, stats, false);
        Sink sink = new Sink();
        run(live, store, first, sink, every, kill);
        // A second kill a little later, then a run to the end.
        run(live, store, first, sink, every, 1 + kill % 13);
        run(live, store, first, sink, every, -1);
        String where = "commit every " + every + ", killed after line " + kill;
        assertEquals(0, sink.duplicates, where);
        assertEquals(expected, sink.events, where);
        assertTrue(stats.checkpointWrites() > 0);
        Files.delete(cpFile);
    }

    @Test
    void checkpointsStayBoundedByTheEventsInFlight() throws Exception {
        Path rotated = dir.resolve("audit.log.1");
        Path live = dir.resolve("audit.log");
        writeLog(rotated, live, 7);
        CheckpointStore store = new CheckpointStore(dir.resolve("cp"), new AuditSourceStats());
        run(live, store, Checkpoint.at(FileKey.of(rotated), 0), new Sink(), 5, -1);
        Checkpoint end = store.load();
        assertEquals(FileKey.of(live), end.file());
        assertEquals(Files.size(live), end.offset(), "all handled: resume at the end");
        assertEquals(0, end.emitted().size());
    }
}
