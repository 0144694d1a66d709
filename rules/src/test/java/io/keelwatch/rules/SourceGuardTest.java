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
 * Two rules about how the rules' own sources are written, checked on their text (module and package layering is
 * the agent's ArchitectureTest, which sees every module):
 * <ul>
 *   <li>walks over the sealed condition AST, rule-file entries and extractors go through their visitors, so that a
 *       new node type is a compile error at every walk; an {@code instanceof} test would pass it by in silence;</li>
 *   <li>the rules read the decoded audit model, never a raw record: what a record means is the collector's
 *       decoder's to say, once, with its tests on real captures.</li>
 * </ul>
 */
class SourceGuardTest {
    private static final Pattern LADDER = Pattern.compile(
            "instanceof\\s+(?:[\\w.]*\\.)?(?:Expr\\.(?:And|Or|Not|MacroRef|Const|Check)|Extractor\\.\\w+|Item\\.\\w+)\\b");
    /** An AuditRecord, or a record fished out of an event by type number. */
    private static final Pattern RAW_RECORD = Pattern.compile("\\bAuditRecord\\b|\\.records\\(\\)|\\.record\\(");

    @Test
    void sealedRuleTypesAreDispatchedByVisitorsNotInstanceof() throws IOException {
        assertEquals(List.of(), offenders(LADDER));
    }

    @Test
    void rulesNeverReadARawAuditRecord() throws IOException {
        assertEquals(List.of(), offenders(RAW_RECORD));
    }

    @Test
    void thePatternsSeeWhatTheyGuard() {
        assertTrue(LADDER.matcher("if (e instanceof Expr.Check c) {").find());
        assertTrue(LADDER.matcher("x instanceof io.keelwatch.rules.fields.Extractor.Num").find());
        assertEquals(false, LADDER.matcher("x instanceof Expression").find());
        assertTrue(RAW_RECORD.matcher("for (AuditRecord r : e.records()) {").find());
        assertTrue(RAW_RECORD.matcher("e.record(1300)").find());
        assertEquals(false, RAW_RECORD.matcher("AuditRecords r").find());
    }

    /** The lines of the rules module's main sources that match, as {@code file:line: text}. */
    private static List<String> offenders(Pattern p) throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        List<String> out = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                scanned++;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (p.matcher(lines.get(i)).find()) {
                        out.add(src.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(scanned > 20, "scanned the rules' sources: " + scanned);
        return out;
    }
}
