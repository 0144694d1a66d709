package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import io.keelwatch.journal.JournalConfig;
import io.keelwatch.journal.JournalWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayDriverTest {

    static final long T0 = 1_795_529_065_000L;

    @TempDir
    Path dir;

    static final class Recorder implements ReplayTarget {
        final List<HostInput> seen = new ArrayList<>();
        int finished;

        @Override
        public void accept(Received input) {
            seen.add(input.input());
        }

        @Override
        public void finish() {
            finished++;
        }
    }

    static HostInput.AuditLine audit(long at, String text) {
        return new HostInput.AuditLine(at, "audit.log", text.getBytes(StandardCharsets.US_ASCII));
    }

    void journal(HostInput... inputs) throws Exception {
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(dir).withReserveBytes(0))) {
            for (HostInput in : inputs) {
                assertTrue(w.append(in));
            }
        }
    }

    static String describe(HostInput in) {
        if (in instanceof HostInput.AuditLine a) {
            return "audit:" + new String(a.line(), StandardCharsets.US_ASCII);
        } else if (in instanceof HostInput.Lookup l) {
            return "lookup:" + l.key();
        } else if (in instanceof HostInput.ConfigChange c) {
            return "config:" + c.what() + "=" + c.content();
        } else if (in instanceof HostInput.DockerEvent d) {
            return "docker:" + d.json();
        }
        return "tick:" + in.receivedAtMs();
    }

    List<String> replay(ReplayOptions options) throws Exception {
        Recorder r = new Recorder();
        try (JournalSource s = new JournalSource(dir)) {
            new ReplayDriver(r, options).replay(s);
        }
        assertEquals(1, r.finished);
        return r.seen.stream().map(ReplayDriverTest::describe).toList();
    }

    @Test
    void theAnswersRecordedAfterAnInputAreFedBeforeIt() throws Exception {
        journal(audit(T0, "x"), new HostInput.Lookup(T0, "proc.cgroup", "1", "a"),
                new HostInput.Lookup(T0, "proc.cgroup", "2", "b"), audit(T0 + 1, "y"), new HostInput.Tick(T0 + 2));
        assertEquals(List.of("lookup:1", "lookup:2", "audit:x", "audit:y", "tick:" + (T0 + 2)),
                replay(ReplayOptions.all(null)));
    }

    @Test
    void rulesGivenToTheReplayReplaceTheRecordedOnes() throws Exception {
        journal(new HostInput.ConfigChange(T0, "agent.pid", "42"), new HostInput.ConfigChange(T0, "rules", "recorded"),
                audit(T0 + 1, "x"));
        assertEquals(List.of("config:rules=mine", "config:agent.pid=42", "audit:x"), replay(ReplayOptions.all("mine")));
        assertEquals(List.of("config:agent.pid=42", "config:rules=recorded", "audit:x"), replay(ReplayOptions.all(null)));
    }

    @Test
    void beforeTheRangeEverythingIsFedByDefaultAndAfterItNothing() throws Exception {
        journal(audit(T0, "early"), new HostInput.Tick(T0 + 2), audit(T0 + 10, "in"), audit(T0 + 20, "late"));
        assertEquals(List.of("audit:early", "tick:" + (T0 + 2), "audit:in"),
                replay(ReplayOptions.all(null).between(T0 + 10, T0 + 15)));
    }

    @Test
    void aColdStartFeedsOnlyStateBeforeTheRange() throws Exception {
        journal(audit(T0, "early"), new HostInput.DockerEvent(T0 + 1, "{\"a\":1}"), new HostInput.Tick(T0 + 2),
                new HostInput.Lookup(T0 + 3, "docker.inspect", "c1", "{}"),
                audit(T0 + 10, "in"), new HostInput.Tick(T0 + 11), audit(T0 + 20, "late"));
        assertEquals(List.of("docker:{\"a\":1}", "lookup:c1", "audit:in", "tick:" + (T0 + 11)),
                replay(ReplayOptions.all(null).between(T0 + 10, T0 + 15).coldStart()));
    }

    @Test
    void aBundleStartsWithItsRulesAndInspectAnswers() throws Exception {
        Recorder r = new Recorder();
        ReplayStats stats = new ReplayDriver(r, ReplayOptions.all("mine"))
                .replay(CaptureBundle.open(CaptureBundleTest.BENIGN), 1000);
        assertInstanceOf(HostInput.ConfigChange.class, r.seen.get(0));
        for (int i = 1; i <= 3; i++) {
            assertEquals("docker.inspect", ((HostInput.Lookup) r.seen.get(i)).kind());
        }
        assertInstanceOf(HostInput.AuditLine.class, r.seen.get(4));
        assertEquals(r.seen.size() - 4, stats.inputs());
        assertTrue(stats.lastMs() > stats.firstMs());
    }

    /** Progress lines of a replay, each due at once (every 4096 inputs, 0 ms apart). */
    interface Replay {
        ReplayStats run(ReplayOptions options) throws Exception;
    }

    static List<String> progressLines(Replay replay) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        replay.run(new ReplayOptions(Long.MIN_VALUE, Long.MAX_VALUE, false, null, out, 0));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The percentages of progress lines, which must rise to the end: "... (42%), 123 inputs/s". */
    static List<Integer> percentages(List<String> lines) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(".* \\((\\d+)%\\), [0-9,]+ inputs/s$");
        List<Integer> pct = new ArrayList<>();
        for (String l : lines) {
            java.util.regex.Matcher m = p.matcher(l);
            assertTrue(m.matches(), "no percentage and rate in: " + l);
            pct.add(Integer.parseInt(m.group(1)));
        }
        return pct;
    }

    @Test
    void aBundleReplayShowsTheShareOfItsFilesReadAndTheRate() throws Exception {
        List<String> lines = progressLines(
                o -> new ReplayDriver(new Recorder(), o).replay(CaptureBundle.open(CaptureBundleTest.BENIGN), 1000));
        // 78 k inputs: a line every 4096
        assertTrue(lines.size() >= 15, lines.toString());
        List<Integer> pct = percentages(lines);
        for (int i = 1; i < pct.size(); i++) {
            assertTrue(pct.get(i) >= pct.get(i - 1), "the share went back: " + pct);
        }
        assertTrue(pct.get(pct.size() - 1) <= 100 && pct.get(pct.size() - 1) >= 80, pct.toString());
        assertTrue(pct.get(0) < 50, pct.toString());
    }

    @Test
    void aJournalReplayShowsTheShareOfItsLogTimeAndTheRate() throws Exception {
        io.keelwatch.journal.JournalExportTest.journalBenign(dir);
        List<String> lines = progressLines(o -> {
            try (JournalSource s = new JournalSource(dir)) {
                return new ReplayDriver(new Recorder(), o).replay(s);
            }
        });
        assertTrue(lines.size() >= 15, lines.toString());
        List<Integer> pct = percentages(lines);
        assertTrue(pct.get(pct.size() - 1) >= 80, pct.toString());
    }

    @Test
    void aColdStartKnowsWhichTierTwoRulesTheKernelHadBeforeTheRange() throws Exception {
        String loaded = "loaded\ncontainer abc: privileged\n-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k kw_tier2\n";
        journal(new HostInput.ConfigChange(T0, io.keelwatch.agent.pipeline.PipelineCore.AUDIT_TIER2, loaded),
                audit(T0 + 1, "early"), audit(T0 + 10, "in"));
        assertEquals(List.of("config:audit.tier2=" + loaded, "audit:in"),
                replay(ReplayOptions.all(null).between(T0 + 10, T0 + 15).coldStart()));
    }
}
