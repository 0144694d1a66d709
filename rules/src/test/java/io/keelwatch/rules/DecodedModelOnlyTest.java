package io.keelwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules read the decoded audit model, never a raw record: what a record means is the collector's decoder's to
 * say, once, with its tests on real captures. (Module and package layering is the agent's ArchitectureTest.)
 */
class DecodedModelOnlyTest {
    /** An AuditRecord, or a record fished out of an event by type number. */
    private static final Pattern RAW_RECORD = Pattern.compile("\\bAuditRecord\\b|\\.records\\(\\)|\\.record\\(");

    @Test
    void rulesNeverReadARawAuditRecord() throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                scanned++;
                if (RAW_RECORD.matcher(Files.readString(p)).find()) {
                    offenders.add(src.relativize(p).toString());
                }
            }
        }
        assertTrue(scanned > 20, "scanned the rules' sources: " + scanned);
        assertEquals(List.of(), offenders);
    }

    @Test
    void thePatternSeesARawRead() {
        assertTrue(RAW_RECORD.matcher("for (AuditRecord r : e.records()) {").find());
        assertTrue(RAW_RECORD.matcher("e.record(1300)").find());
        assertEquals(false, RAW_RECORD.matcher("AuditRecords r").find());
    }
}
