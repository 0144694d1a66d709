package io.keelwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules read the decoded audit model ({@code SyscallEvent}'s typed parts) and never a raw record: what a
 * record means is the collector's decoder's to say, once, with its tests on real captures.
 */
class DecodedModelGuardTest {
    /** An AuditRecord, or a record fished out of an event by type number. */
    private static final Pattern RAW = Pattern.compile("\\bAuditRecord\\b|\\.records\\(\\)|\\.record\\(");

    @Test
    void rulesNeverReadARawAuditRecord() throws IOException {
        Path src = Path.of(System.getProperty("keelwatch.root"), "rules", "src", "main", "java");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(src)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return RAW.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
        assertTrue(Files.exists(src.resolve("io/keelwatch/rules/fields/EventFields.java")), "scanned the right tree");
    }
}
