package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureBundleTest {

    static final Path BENIGN = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
            "fixtures/captured/benign-containers");

    @TempDir
    Path tmp;

    static List<byte[]> gunzipLines(Path gz) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (LineReader r = new LineReader(new GZIPInputStream(Files.newInputStream(gz)), gz.toString())) {
            byte[] l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    static List<HostInput> drain(InputSource s) throws IOException {
        List<HostInput> out = new ArrayList<>();
        HostInput in;
        while ((in = s.next()) != null) {
            out.add(in);
        }
        return out;
    }

    @Test
    void theBenignCaptureBecomesEveryLineAndEventOnceEachFileInItsOwnOrder() throws IOException {
        List<byte[]> auditLines = gunzipLines(BENIGN.resolve("audit.log.gz"));
        List<byte[]> eventLines = gunzipLines(BENIGN.resolve("docker-events.jsonl.gz"));
        List<HostInput> inputs;
        try (InputSource s = CaptureBundle.open(BENIGN).inputs(1000)) {
            inputs = drain(s);
        }
        List<HostInput.AuditLine> audit = new ArrayList<>();
        List<HostInput.DockerEvent> events = new ArrayList<>();
        int ticks = 0;
        for (HostInput in : inputs) {
            if (in instanceof HostInput.AuditLine a) {
                audit.add(a);
            } else if (in instanceof HostInput.DockerEvent d) {
                events.add(d);
            } else if (in instanceof HostInput.Tick) {
                ticks++;
            }
        }
        assertEquals(auditLines.size(), audit.size());
        for (int i = 0; i < audit.size(); i++) {
            assertArrayEquals(auditLines.get(i), audit.get(i).line(), "audit line " + (i + 1));
        }
        assertEquals(eventLines.size(), events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(new String(eventLines.get(i), StandardCharsets.UTF_8), events.get(i).json());
        }
        long span = audit.get(audit.size() - 1).receivedAtMs() - audit.get(0).receivedAtMs();
        assertTrue(ticks >= span / 1000 - 1 && ticks <= span / 1000 + 2, ticks + " ticks over " + span + " ms");
    }

    @Test
    void dockerEventsComeBeforeTheFirstAuditLineLoggedAfterThem() throws IOException {
        List<HostInput> inputs;
        try (InputSource s = CaptureBundle.open(BENIGN).inputs(1000)) {
            inputs = drain(s);
        }
        long lastAudit = Long.MIN_VALUE;
        for (HostInput in : inputs) {
            if (in instanceof HostInput.AuditLine a) {
                lastAudit = Math.max(lastAudit, a.receivedAtMs());
            } else if (in instanceof HostInput.DockerEvent d) {
                assertTrue(d.receivedAtMs() >= lastAudit - 50,
                        "event at " + d.receivedAtMs() + " after audit time " + lastAudit);
            }
        }
    }

    @Test
    void ticksAreAtWholeIntervalsAndNeverGoBack() throws IOException {
        long last = Long.MIN_VALUE;
        try (InputSource s = CaptureBundle.open(BENIGN).inputs(1000)) {
            HostInput in;
            while ((in = s.next()) != null) {
                if (in instanceof HostInput.Tick t) {
                    assertEquals(0, t.receivedAtMs() % 1000);
                    assertTrue(t.receivedAtMs() > last);
                    last = t.receivedAtMs();
                }
            }
        }
    }

    @Test
    void inspectDocumentsBecomeLookupsByFullId() throws IOException {
        List<HostInput.Lookup> lookups = CaptureBundle.open(BENIGN).inspectLookups(42);
        long documents = gunzipLines(BENIGN.resolve("docker-inspect.jsonl.gz")).stream().filter(l -> l.length > 0).count();
        assertEquals(documents, lookups.size());
        for (HostInput.Lookup l : lookups) {
            assertEquals("docker.inspect", l.kind());
            assertEquals(64, l.key().length());
            assertTrue(l.value().contains("\"Id\":\"" + l.key() + "\""));
            assertEquals(42, l.receivedAtMs());
        }
    }

    @Test
    void plainFilesReadLikeGzippedOnes() throws IOException {
        for (String name : List.of("audit.log", "docker-events.jsonl")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(BENIGN.resolve(name + ".gz")));
                 OutputStream out = Files.newOutputStream(tmp.resolve(name))) {
                in.transferTo(out);
            }
        }
        List<HostInput> plain;
        List<HostInput> gz;
        try (InputSource s = CaptureBundle.open(tmp).inputs(1000)) {
            plain = drain(s);
        }
        try (InputSource s = CaptureBundle.open(BENIGN).inputs(1000)) {
            gz = drain(s);
        }
        assertEquals(gz.size(), plain.size());
        assertTrue(CaptureBundle.open(tmp).inspectLookups(0).isEmpty());
    }

    @Test
    void aDirectoryWithoutLogsIsNotABundle() {
        assertTrue(!CaptureBundle.isBundle(tmp));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> CaptureBundle.open(tmp));
        assertTrue(e.getMessage().contains(tmp.toString()));
    }
}
