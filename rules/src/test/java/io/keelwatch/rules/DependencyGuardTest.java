package io.keelwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules see the runtime-neutral event model only: no source file may import io.keelwatch.docker. */
class DependencyGuardTest {

    @Test
    void rulesNeverImportTheDockerPackage() throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(src)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String text = Files.readString(p);
                    return text.contains("io.keelwatch.docker") || text.contains("com.github.dockerjava");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
        try (Stream<Path> files = Files.walk(src)) {
            assertEquals(true, files.anyMatch(p -> p.toString().endsWith("RuleEngine.java")), "scanned the right tree");
        }
    }

    /**
     * Walks over the sealed condition AST, rule-file entries and extractors go through their visitors, so
     * that a new node type is a compile error at every walk; an {@code instanceof} test on one of them would
     * pass a new type by in silence.
     */
    @Test
    void sealedRuleTypesAreDispatchedByVisitorsNotInstanceof() throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        java.util.regex.Pattern ladder = java.util.regex.Pattern.compile(
                "instanceof\\s+(?:[\\w.]*\\.)?(?:Expr\\.(?:And|Or|Not|MacroRef|Const|Check)|Extractor\\.\\w+|Item\\.\\w+)\\b");
        List<String> offenders = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (ladder.matcher(lines.get(i)).find()) {
                        offenders.add(src.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
        assertEquals(true, ladder.matcher("if (e instanceof Expr.Check c) {").find(), "the pattern sees a ladder step");
        assertEquals(true, ladder.matcher("x instanceof io.keelwatch.rules.fields.Extractor.Num").find());
    }
}
