package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.cli.Keelwatch;
import io.keelwatch.journal.JournalExportTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keelwatch replay} on the real benign capture and on a journal of it. */
class ReplayCommandTest {

    static final Path RESOURCES = Path.of(System.getProperty("keelwatch.root", "."), "agent/src/test/resources/io/keelwatch/replay");
    static final Path EXTRA_RULE = RESOURCES.resolve("extra-archive-rule.yaml");
    static final Path NOISY_RULE = RESOURCES.resolve("every-container-exec.yaml");
    static final Path PACK = Path.of(System.getProperty("keelwatch.root", "."), "rules/pack");

    @TempDir
    static Path tmp;
    static Path journal;

    record Run(int exit, List<String> out, String err) { }

    @BeforeAll
    static void journalTheCapture() throws Exception {
        journal = tmp.resolve("journal");
        JournalExportTest.journalBenign(journal);
    }

    static synchronized Run keelwatch(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            exit = Keelwatch.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = o.toString(StandardCharsets.UTF_8);
        List<String> lines = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        return new Run(exit, lines, e.toString(StandardCharsets.UTF_8));
    }

    static Path copy(Path dir, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    @Test
    void aJournalCopiedElsewhereReplaysToExactlyTheAlertsOfTheCaptureItRecorded() throws Exception {
        Path copied = copy(journal, tmp.resolve("copied-journal"));
        Run fromBundle = keelwatch("replay", CaptureBundleTest.BENIGN.toString(), "--rules", PACK.toString(),
                "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1");
        Run fromJournal = keelwatch("replay", copied.toString(), "--rules", PACK.toString(),
                "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1");
        assertEquals(0, fromBundle.exit(), fromBundle.err());
        assertEquals(0, fromJournal.exit(), fromJournal.err());
        assertTrue(fromBundle.out().size() > 50, "a noisy rule gives many alerts: " + fromBundle.out().size());
        assertEquals(fromBundle.out(), fromJournal.out());
        assertTrue(fromJournal.err().contains("0 corrupt excerpts"), fromJournal.err());
    }

    @Test
    void anExtraRuleFindsWhatTheShippedPackDidNotAndChangesNothingElse() {
        Run shipped = keelwatch("replay", journal.toString(), "--host", "h1", "--rules", PACK.toString(),
                "--rules", NOISY_RULE.toString());
        Run extra = keelwatch("replay", journal.toString(), "--host", "h1", "--rules", PACK.toString(),
                "--rules", NOISY_RULE.toString(), "--rules", EXTRA_RULE.toString());
        assertEquals(0, extra.exit(), extra.err());
        Set<String> before = new HashSet<>(shipped.out());
        List<String> found = new ArrayList<>();
        for (String line : extra.out()) {
            if (!before.contains(line)) {
                found.add(line);
            }
        }
        assertEquals(before, new HashSet<>(extra.out().stream().filter(before::contains).toList()),
                "every alert of the first replay is still there, byte for byte");
        assertFalse(found.isEmpty(), "the extra rule found something");
        ObjectMapper json = new ObjectMapper();
        for (String line : found) {
            JsonNode a = readTree(json, line);
            assertEquals("Archive created in a container", a.get("rule").asText(), line);
            assertEquals("kwworker", a.get("container").get("name").asText(), line);
        }
    }

    @Test
    void containerAndTimeRangeNarrowTheAlerts() {
        Run all = keelwatch("replay", journal.toString(), "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> alerts = all.out().stream().map(l -> readTree(json, l)).toList();
        Instant mid = Instant.parse(alerts.get(alerts.size() / 2).get("time").asText());
        Run narrowed = keelwatch("replay", journal.toString(), "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1",
                "--container", "kwworker", "--from", mid.toString());
        assertEquals(0, narrowed.exit(), narrowed.err());
        assertFalse(narrowed.out().isEmpty());
        // Exactly the full replay's alerts of that container from that time on.
        List<String> expected = all.out().stream().filter(l -> {
            JsonNode a = readTree(json, l);
            return !a.get("container").isNull() && "kwworker".equals(a.get("container").get("name").asText())
                    && !Instant.parse(a.get("time").asText()).isBefore(mid);
        }).toList();
        assertEquals(expected, narrowed.out());
        assertTrue(narrowed.out().size() < all.out().size());
        Run byShortId = keelwatch("replay", journal.toString(), "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1",
                "--container", readTree(json, narrowed.out().get(0)).get("container").get("id").asText().substring(0, 12),
                "--from", mid.toString());
        assertEquals(narrowed.out(), byShortId.out());
    }

    @Test
    void textOutputIsOneReadableLinePerAlert() {
        Run json = keelwatch("replay", journal.toString(), "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1");
        Run text = keelwatch("replay", journal.toString(), "--rules", PACK.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1", "--output", "text");
        assertEquals(json.out().size(), text.out().size());
        assertTrue(text.out().get(0).contains("NOTICE Program started in a container ["), text.out().get(0));
    }

    @Test
    void badArgumentsAreErrorsThatSayWhy() {
        Run notADir = keelwatch("replay", tmp.resolve("nothing").toString());
        assertEquals(2, notADir.exit());
        assertTrue(notADir.err().contains("neither a journal"), notADir.err());
        // alone (no pack), the broken rule's macro is undefined: an error; on top of the pack it would only be skipped
        Run badRules = keelwatch("replay", journal.toString(), "--no-default-rules", "--rules",
                RESOURCES.resolve("broken-rule.yaml").toString());
        assertEquals(2, badRules.exit());
        assertTrue(badRules.err().contains("broken-rule.yaml"), badRules.err());
        Run badTime = keelwatch("replay", journal.toString(), "--from", "tomorrow-ish");
        assertEquals(2, badTime.exit());
        assertTrue(badTime.err().contains("tomorrow-ish"), badTime.err());
    }

    @Test
    void endsWithASummaryAPersonReads() {
        Run r = keelwatch("replay", journal.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().size() > 0, "the noisy rule fires");
        assertTrue(r.err().contains("\nSummary\n"), r.err());
        assertTrue(r.err().contains("\n  alerts          " + String.format("%,d", r.out().size()) + "\n"), r.err());
        assertTrue(r.err().contains("\n  by category\n"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches(" +[0-9,]+  Program started in a container")), r.err());
        assertTrue(r.err().contains("\n  log time        "), r.err());
        assertTrue(r.err().contains("\n  inputs read     "), r.err());
        Run quiet = keelwatch("replay", journal.toString(), "--rules", NOISY_RULE.toString(), "--host", "h1", "--quiet");
        assertEquals("", quiet.err());
    }

    static JsonNode readTree(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
