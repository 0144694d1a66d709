package io.keelwatch.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.input.HostInput;
import io.keelwatch.replay.CaptureBundle;
import io.keelwatch.replay.InputSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real capture written to a journal, listed, and exported again. */
public class JournalExportTest {

    static final Path BENIGN = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
            "fixtures/captured/benign-containers");

    @TempDir
    Path tmp;

    /** Journals the benign capture (inspect lookups first, as an agent meets them); returns the inputs. */
    public static List<HostInput> journalBenign(Path dir) throws Exception {
        List<HostInput> inputs = new ArrayList<>();
        CaptureBundle bundle = CaptureBundle.open(BENIGN);
        try (InputSource s = bundle.inputs(1000)) {
            HostInput in;
            while ((in = s.next()) != null) {
                inputs.add(in);
            }
        }
        inputs.addAll(0, bundle.inspectLookups(inputs.get(0).receivedAtMs()));
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(dir).withReserveBytes(0))) {
            for (HostInput in : inputs) {
                assertTrue(w.append(in));
            }
        }
        return inputs;
    }

    @Test
    void lsCountsEveryInputAndSpansItsTimes() throws Exception {
        Path dir = tmp.resolve("j");
        List<HostInput> inputs = journalBenign(dir);
        List<JournalCatalog.Cycle> cycles = JournalCatalog.list(dir);
        assertEquals(inputs.size(), cycles.stream().mapToLong(JournalCatalog.Cycle::inputs).sum());
        assertEquals(inputs.get(0).receivedAtMs(), cycles.get(0).firstMs());
        assertEquals(inputs.get(inputs.size() - 1).receivedAtMs(), cycles.get(cycles.size() - 1).lastMs());
        for (JournalCatalog.Cycle c : cycles) {
            assertTrue(c.startMs() <= c.firstMs() && c.lastMs() < c.endMs(), c.toString());
            assertTrue(c.bytes() > 0);
        }
    }

    @Test
    void aBundleExportReplaysToTheSameLinesEventsAndInspectDocuments() throws Exception {
        Path dir = tmp.resolve("j");
        List<HostInput> inputs = journalBenign(dir);
        Path out = tmp.resolve("bundle");
        JournalExport.Counts counts = JournalExport.toBundle(dir, Long.MIN_VALUE, Long.MAX_VALUE, out);
        List<HostInput> original = inputs.stream().filter(i -> !(i instanceof HostInput.Lookup)).toList();
        List<HostInput> again = new ArrayList<>();
        try (InputSource s = CaptureBundle.open(out).inputs(1000)) {
            HostInput in;
            while ((in = s.next()) != null) {
                again.add(in);
            }
        }
        assertEquals(original.size(), again.size());
        for (int i = 0; i < original.size(); i++) {
            HostInput a = original.get(i);
            HostInput b = again.get(i);
            assertEquals(a.getClass(), b.getClass(), "input " + i);
            assertEquals(a.receivedAtMs(), b.receivedAtMs(), "input " + i);
            if (a instanceof HostInput.AuditLine l) {
                assertArrayEquals(l.line(), ((HostInput.AuditLine) b).line(), "input " + i);
            } else if (a instanceof HostInput.DockerEvent e) {
                assertEquals(e.json(), ((HostInput.DockerEvent) b).json());
            }
        }
        assertEquals(CaptureBundle.open(BENIGN).inspectLookups(0), CaptureBundle.open(out).inspectLookups(0));
        assertEquals(3, counts.inspectDocuments());
    }

    @Test
    void jsonLinesExportHonoursTheTimeRange() throws Exception {
        Path dir = tmp.resolve("j");
        List<HostInput> inputs = journalBenign(dir);
        long from = inputs.get(inputs.size() / 3).receivedAtMs();
        long to = inputs.get(2 * inputs.size() / 3).receivedAtMs();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JournalExport.Counts counts = JournalExport.toJsonLines(dir, from, to, out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(counts.total(), lines.length);
        ObjectMapper json = new ObjectMapper();
        long expected = inputs.stream().filter(i -> i.receivedAtMs() >= from && i.receivedAtMs() <= to).count();
        assertTrue(Math.abs(expected - lines.length) < 50, expected + " vs " + lines.length + " (audit times wobble a little)");
        for (String l : lines) {
            JsonNode n = json.readTree(l);
            long t = n.get("time").asLong();
            assertTrue(t >= from && t <= to, l);
            assertTrue(n.hasNonNull("input"));
        }
    }

    @Test
    void theJournalCommandListsCyclesAndExportsABundle() throws Exception {
        Path dir = tmp.resolve("j");
        List<HostInput> inputs = journalBenign(dir);
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int ls;
        int export;
        try {
            System.setOut(new java.io.PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            ls = io.keelwatch.cli.Keelwatch.commandLine().execute("journal", "ls", dir.toString());
            export = io.keelwatch.cli.Keelwatch.commandLine().execute("journal", "export", dir.toString(),
                    "--format", "bundle", "--out", tmp.resolve("b").toString(), "--from", "2026-11-24T14:04:30Z",
                    "--to", "1795529080");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(0, ls);
        assertEquals(0, export);
        String listing = o.toString(StandardCharsets.UTF_8);
        assertTrue(listing.contains("20261124-14F.cq4"), listing);
        assertTrue(listing.contains("2026-11-24T14:04:25.090Z"), listing);
        assertTrue(listing.contains(" " + inputs.size() + " "), listing);
        try (InputSource s = CaptureBundle.open(tmp.resolve("b")).inputs(1000)) {
            HostInput in;
            int n = 0;
            while ((in = s.next()) != null) {
                if (!(in instanceof HostInput.Tick)) {
                    assertTrue(in.receivedAtMs() >= 1_795_529_070_000L - 50 && in.receivedAtMs() <= 1_795_529_080_000L, in.toString());
                    n++;
                }
            }
            assertTrue(n > 1000, "exported " + n);
        }
    }
}
