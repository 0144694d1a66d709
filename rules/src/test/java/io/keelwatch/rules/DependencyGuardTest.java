package io.keelwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules see the runtime-neutral event model only: no source file may import io.keelwatch.docker; and
 * they read the decoded audit model, never a raw record (what a record means is the collector's decoder's to
 * say, once, with its tests on real captures).
 */
class DependencyGuardTest {
    /** An AuditRecord, or a record fished out of an event by type number. */
    private static final Pattern RAW_RECORD = Pattern.compile("\\bAuditRecord\\b|\\.records\\(\\)|\\.record\\(");

    /** The rules module's main sources whose text matches. */
    private static List<String> offenders(Predicate<String> text) throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        try (Stream<Path> files = Files.walk(src)) {
            assertEquals(true, files.anyMatch(p -> p.toString().endsWith("RuleEngine.java")), "scanned the right tree");
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return text.test(Files.readString(p));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
    }

    @Test
    void rulesNeverImportTheDockerPackage() throws IOException {
        assertEquals(List.of(), offenders(t -> t.contains("io.keelwatch.docker") || t.contains("com.github.dockerjava")));
    }

    @Test
    void rulesNeverReadARawAuditRecord() throws IOException {
        assertEquals(List.of(), offenders(t -> RAW_RECORD.matcher(t).find()));
    }
}
