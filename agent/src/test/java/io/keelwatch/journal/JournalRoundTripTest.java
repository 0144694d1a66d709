package io.keelwatch.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {

    static final long T0 = 1_795_529_065_085L;

    @TempDir
    Path dir;

    static List<HostInput> everyKind(long at) {
        byte[] line = "type=SYSCALL msg=audit(1795529065.085:36642): arch=c000003e syscall=59\u001dARCH=x86_64"
                .getBytes(StandardCharsets.UTF_8);
        return List.of(
                new HostInput.AuditLine(at, "/var/log/audit/audit.log", line),
                new HostInput.AuditLine(at + 1, null, new byte[] {0, (byte) 0xff, 10, 13}),
                new HostInput.AuditNetlink(at + 2, 1300, "audit(1795529065.085:36642): arch=c000003e".getBytes(StandardCharsets.US_ASCII)),
                new HostInput.DockerEvent(at + 3, "{\"Type\":\"container\",\"Action\":\"start\",\"name\":\"kwé\"}"),
                new HostInput.Lookup(at + 4, "docker.inspect", "7ad3ee5a6f24", "{\"Id\":\"7ad3ee5a6f24\"}"),
                new HostInput.Lookup(at + 5, "proc.cgroup", "4242", null),
                new HostInput.Tick(at + 6),
                new HostInput.ConfigChange(at + 7, "rules", "- rule: x\n  desc: ü\n"),
                new HostInput.RuntimeEvent(at + 8, "containerd", "{\"topic\":\"/tasks/start\",\"namespace\":\"k8s.io\"}"));
    }

    static JournalConfig config(Path dir) {
        return JournalConfig.defaults(dir).withReserveBytes(0);
    }

    @Test
    void everyInputKindReadsBackEqualInOrder() throws Exception {
        List<HostInput> written = everyKind(T0);
        try (JournalWriter w = JournalWriter.open(config(dir))) {
            for (HostInput in : written) {
                assertTrue(w.append(in));
            }
            assertEquals(written.size(), w.stats().appended());
        }
        List<HostInput> back = readAll(dir);
        assertEquals(written.size(), back.size());
        for (int i = 0; i < written.size(); i++) {
            assertSameInput(written.get(i), back.get(i));
        }
    }

    @Test
    void reopeningAppendsAfterWhatIsThere() throws Exception {
        try (JournalWriter w = JournalWriter.open(config(dir))) {
            w.append(new HostInput.Tick(T0));
        }
        try (JournalWriter w = JournalWriter.open(config(dir))) {
            w.append(new HostInput.Tick(T0 + 1));
        }
        List<HostInput> back = readAll(dir);
        assertEquals(List.of(new HostInput.Tick(T0), new HostInput.Tick(T0 + 1)), back);
    }

    @Test
    void inputsLandInTheCycleOfTheirReceiveTime() throws Exception {
        long hour = Duration.ofHours(1).toMillis();
        try (JournalWriter w = JournalWriter.open(config(dir))) {
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < 100; i++) {
                    w.append(new HostInput.Tick(T0 + h * hour + i));
                }
            }
        }
        List<CycleFile> cycles = CycleFile.list(dir, RollPeriod.HOURLY.rollCycle());
        assertEquals(3, cycles.size());
        for (int h = 0; h < 3; h++) {
            long at = T0 + h * hour;
            CycleFile c = cycles.get(h);
            assertTrue(c.startMs() <= at && at < c.endMs(), c + " holds " + at);
        }
        assertEquals(300, readAll(dir).size());
    }

    @Test
    void aLargeJournalAcrossCyclesAndReopensReadsBackWholeAndPreallocationFollowsTheTail() throws Exception {
        long hour = Duration.ofHours(1).toMillis();
        int perRound = 50_000;
        for (int round = 0; round < 2; round++) {
            try (JournalWriter w = JournalWriter.open(config(dir))) {
                for (int i = 0; i < perRound; i++) {
                    long seq = (long) round * perRound + i;
                    HostInput.AuditLine l = CrashWriterMain.line(seq);
                    assertTrue(w.append(new HostInput.AuditLine(T0 + seq * hour / perRound, l.source(), l.line())));
                }
                assertEquals(0, w.preallocationMisses());
            }
        }
        List<HostInput> back = readAll(dir);
        assertEquals(2 * perRound, back.size());
        for (int i = 0; i < back.size(); i++) {
            assertEquals(i, CrashWriterMain.seqOf(back.get(i)));
        }
        assertTrue(CycleFile.list(dir, RollPeriod.HOURLY.rollCycle()).size() >= 2);
    }

    @Test
    void skipBeforeHandsOverEarlierStateInputsAndStopsAtTheFirstInputInRange() throws Exception {
        try (JournalWriter w = JournalWriter.open(config(dir))) {
            for (HostInput in : everyKind(T0)) {
                w.append(in);
            }
        }
        List<HostInput> early = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            r.skipBefore(T0 + 5, early::add);
            assertEquals(2, early.size(), "the Docker event and the lookup, not the audit input: " + early);
            assertInstanceOf(HostInput.DockerEvent.class, early.get(0));
            assertEquals("docker.inspect", ((HostInput.Lookup) early.get(1)).kind());
            HostInput first = r.next();
            assertInstanceOf(HostInput.Lookup.class, first);
            assertEquals(T0 + 5, first.receivedAtMs());
            assertEquals(4, countRest(r) + 1);
        }
    }

    static int countRest(JournalReader r) {
        int n = 0;
        while (r.hasNext()) {
            r.next();
            n++;
        }
        return n;
    }

    static List<HostInput> readAll(Path dir) throws JournalFormatException {
        List<HostInput> out = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            while (r.hasNext()) {
                out.add(r.next());
            }
            assertEquals(0, r.corrupt(), () -> String.valueOf(r.lastError()));
        }
        return out;
    }

    static void assertSameInput(HostInput expected, HostInput actual) {
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.receivedAtMs(), actual.receivedAtMs());
        if (expected instanceof HostInput.AuditLine a) {
            HostInput.AuditLine b = (HostInput.AuditLine) actual;
            assertEquals(a.source(), b.source());
            assertArrayEquals(a.line(), b.line());
        } else if (expected instanceof HostInput.AuditNetlink a) {
            HostInput.AuditNetlink b = (HostInput.AuditNetlink) actual;
            assertEquals(a.type(), b.type());
            assertArrayEquals(a.payload(), b.payload());
        } else {
            assertEquals(expected, actual);
        }
        assertFalse(actual == expected);
    }
}
