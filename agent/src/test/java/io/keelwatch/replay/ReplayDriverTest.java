package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.event.HostInput;
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
        public void accept(HostInput input) {
            seen.add(input);
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

    @Test
    void aColdStartKnowsWhichTierTwoRulesTheKernelHadBeforeTheRange() throws Exception {
        String loaded = "loaded\ncontainer abc: privileged\n-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k kw_tier2\n";
        journal(new HostInput.ConfigChange(T0, io.keelwatch.agent.pipeline.PipelineCore.AUDIT_TIER2, loaded),
                audit(T0 + 1, "early"), audit(T0 + 10, "in"));
        assertEquals(List.of("config:audit.tier2=" + loaded, "audit:in"),
                replay(ReplayOptions.all(null).between(T0 + 10, T0 + 15).coldStart()));
    }
}
