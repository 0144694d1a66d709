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
 * Walks over the sealed condition AST, rule-file entries and extractors go through their visitors, so that a new
 * node type is a compile error at every walk; an {@code instanceof} test on one of them would pass a new type by
 * in silence. (The layering rules themselves are in the agent's ArchitectureTest, which sees every module.)
 */
class SealedDispatchTest {
    private static final Pattern LADDER = Pattern.compile(
            "instanceof\\s+(?:[\\w.]*\\.)?(?:Expr\\.(?:And|Or|Not|MacroRef|Const|Check)|Extractor\\.\\w+|Item\\.\\w+)\\b");

    @Test
    void sealedRuleTypesAreDispatchedByVisitorsNotInstanceof() throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                scanned++;
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (LADDER.matcher(lines.get(i)).find()) {
                        offenders.add(src.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(scanned > 20, "scanned the rules' sources: " + scanned);
        assertEquals(List.of(), offenders);
    }

    @Test
    void thePatternSeesALadderStep() {
        assertTrue(LADDER.matcher("if (e instanceof Expr.Check c) {").find());
        assertTrue(LADDER.matcher("x instanceof io.keelwatch.rules.fields.Extractor.Num").find());
        assertEquals(false, LADDER.matcher("x instanceof Expression").find());
    }
}
