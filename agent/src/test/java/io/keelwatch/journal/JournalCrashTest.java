package io.keelwatch.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process in the middle of heavy writing, three times over the same journal:
 * after each, a new writer resumes, and the journal reads back as one gapless sequence that reaches
 * at least the last fsync point the dead writer reported, with no undecodable excerpt.
 */
class JournalCrashTest {

    @TempDir
    Path dir;

    @TempDir
    Path logs;

    @Test
    void killDashNineLosesNothingBeforeTheLastFsyncPointAndLeavesNoCorruptTail() throws Exception {
        long nextSeq = 0;
        for (int round = 0; round < 3; round++) {
            long lastSynced = runAndKill(nextSeq, 200 + round * 100, round * 7);
            List<Long> seqs = readSeqs();
            assertTrue(seqs.size() > lastSynced, "round " + round + ": read " + seqs.size() + ", synced up to " + lastSynced);
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i, seqs.get(i), "round " + round + ": input " + i + " of " + seqs.size());
            }
            nextSeq = seqs.size();
        }
        // A writer in this process resumes after the third kill; what it appends follows the rest.
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(dir).withReserveBytes(0))) {
            assertTrue(w.append(CrashWriterMain.line(nextSeq)));
        }
        List<Long> seqs = readSeqs();
        assertEquals(nextSeq + 1, seqs.size());
        assertEquals(nextSeq, seqs.get(seqs.size() - 1));
    }

    /**
     * Starts a writer process, lets it report {@code syncs} fsync points and write {@code extraMs}
     * longer, SIGKILLs it; returns the last synced seq it reported.
     */
    private long runAndKill(long firstSeq, int syncs, long extraMs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashWriterMain.class.getName());
        cmd.add(dir.toString());
        cmd.add(Long.toString(firstSeq));
        Process p = new ProcessBuilder(cmd).redirectError(logs.resolve("writer-" + firstSeq + ".err").toFile())
                .start();
        long lastSynced = -1;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (seen < syncs && (line = out.readLine()) != null) {
                if (line.startsWith("synced ")) {
                    lastSynced = Long.parseLong(line.substring(7));
                    seen++;
                }
            }
            // Not right after a sync: somewhere in the middle of appending.
            Thread.sleep(extraMs);
            new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            // Reports printed before the kill landed still count.
            while ((line = out.readLine()) != null) {
                if (line.startsWith("synced ")) {
                    lastSynced = Long.parseLong(line.substring(7));
                }
            }
        }
        assertEquals(137, p.exitValue(), "the writer died of SIGKILL, not by itself");
        assertTrue(lastSynced >= firstSeq, "the writer reported an fsync point");
        return lastSynced;
    }

    private List<Long> readSeqs() throws JournalFormatException {
        List<Long> seqs = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            while (r.hasNext()) {
                HostInput in = r.next();
                seqs.add(CrashWriterMain.seqOf(in));
            }
            assertEquals(0, r.corrupt(), () -> "corrupt excerpt: " + r.lastError());
        }
        return seqs;
    }
}
