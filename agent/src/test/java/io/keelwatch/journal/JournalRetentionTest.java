package io.keelwatch.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRetentionTest {

    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long T0 = 1_795_528_800_000L; // 2026-11-24T14:00Z, an hour boundary

    @TempDir
    Path dir;

    static CycleFile cycle(int hour, long bytes) {
        return new CycleFile(Path.of("/j/h" + hour + ".cq4"), T0 + hour * HOUR, T0 + (hour + 1) * HOUR, bytes);
    }

    @Test
    void cyclesThatEndedLongerAgoThanMaxAgeGoOldestFirst() {
        List<CycleFile> cycles = List.of(cycle(0, 10), cycle(1, 10), cycle(2, 10), cycle(3, 10));
        JournalRetention r = new JournalRetention(Duration.ofHours(2), Long.MAX_VALUE);
        // At 04:30 the cycles that ended at or before 02:30 are too old: 00-01 and 01-02.
        List<CycleFile> doomed = r.select(cycles, cycles.get(3).path(), T0 + 4 * HOUR + HOUR / 2);
        assertEquals(List.of(cycles.get(0), cycles.get(1)), doomed);
    }

    @Test
    void theOldestCyclesGoWhileTheJournalIsOverItsSize() {
        List<CycleFile> cycles = List.of(cycle(0, 100), cycle(1, 100), cycle(2, 100), cycle(3, 100));
        JournalRetention r = new JournalRetention(Duration.ofDays(7), 250);
        assertEquals(List.of(cycles.get(0), cycles.get(1)), r.select(cycles, cycles.get(3).path(), T0 + 4 * HOUR));
    }

    @Test
    void theCurrentCycleIsNeverDeletedEvenAloneOverTheLimitsNorAnythingAfterIt() {
        List<CycleFile> cycles = List.of(cycle(0, 1000), cycle(1, 1000), cycle(2, 1000));
        JournalRetention r = new JournalRetention(Duration.ofMinutes(1), 10);
        // The clock went back: the writer is in cycle 1, cycle 2 exists from before.
        assertEquals(List.of(cycles.get(0)), r.select(cycles, cycles.get(1).path(), T0 + 10 * HOUR));
    }

    @Test
    void aWriterDeletesWholeOldCyclesAsItRollsAndTheRestReadsBack() throws Exception {
        JournalConfig config = JournalConfig.defaults(dir).withReserveBytes(0).withRetention(Duration.ofHours(3), Long.MAX_VALUE);
        int perHour = 100;
        try (JournalWriter w = JournalWriter.open(config)) {
            for (int h = 0; h < 8; h++) {
                for (int i = 0; i < perHour; i++) {
                    assertTrue(w.append(new HostInput.Tick(T0 + h * HOUR + i * 1000)));
                }
            }
            assertTrue(w.stats().cyclesDeleted() >= 4, w.stats().toString());
        }
        List<CycleFile> left = CycleFile.list(dir, RollPeriod.HOURLY.rollCycle());
        // Writing hour 7 (07:00-08:00): cycles that ended 3 h before 07:01 or earlier are gone.
        assertTrue(left.size() <= 4 && left.size() >= 3, left.toString());
        assertEquals(T0 + 7 * HOUR, left.get(left.size() - 1).startMs());
        List<HostInput> back = JournalRoundTripTest.readAll(dir);
        assertEquals(left.size() * perHour, back.size());
        assertEquals(left.get(0).startMs(), back.get(0).receivedAtMs());
    }

    @Test
    void aWriterKeepsTheJournalUnderItsSizeByDeletingTheOldest() throws Exception {
        // Chronicle grows a cycle file in blocks, so a handful of cycles is already megabytes.
        JournalConfig probe = JournalConfig.defaults(dir.resolve("probe")).withReserveBytes(0);
        try (JournalWriter w = JournalWriter.open(probe)) {
            w.append(new HostInput.Tick(T0));
        }
        long oneCycle = Files.size(CycleFile.list(dir.resolve("probe"), RollPeriod.HOURLY.rollCycle()).get(0).path());
        JournalConfig config = JournalConfig.defaults(dir.resolve("j")).withReserveBytes(0)
                .withRetention(Duration.ofDays(7), 3 * oneCycle);
        try (JournalWriter w = JournalWriter.open(config)) {
            for (int h = 0; h < 6; h++) {
                w.append(new HostInput.Tick(T0 + h * HOUR));
            }
        }
        List<CycleFile> left = CycleFile.list(dir.resolve("j"), RollPeriod.HOURLY.rollCycle());
        assertEquals(3, left.size(), left.toString());
        assertEquals(T0 + 5 * HOUR, left.get(2).startMs());
        assertEquals(3, JournalRoundTripTest.readAll(dir.resolve("j")).size());
    }
}
