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
}
