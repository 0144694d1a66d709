package io.keelwatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The benchmarks' forked JVMs get the one list of JVM flags, and no source keeps a copy of it. */
class MainTest {
    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    private String pomFlags() throws Exception {
        Matcher m = Pattern.compile("<keelwatch.jvm.opens>([^<]+)</keelwatch.jvm.opens>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("the root pom holds no keelwatch.jvm.opens");
        }
        return m.group(1).strip();
    }

    @Test
    void theFlagsAreTheRootPomsList() throws Exception {
        assertEquals(pomFlags(), Main.jvmFlags());
    }

    @Test
    void jmhGetsThemPrependedForEveryFork() {
        assertArrayEquals(new String[] {"-jvmArgsPrepend", "--a --b", "JournalBench", "-f", "1"},
                Main.withJvmFlags("--a --b", new String[] {"JournalBench", "-f", "1"}));
    }

    /** The list lives in the root pom only: a second copy drifts (JournalBench's had lost two flags). */
    @Test
    void noSourceOrScriptOfTheTreeListsTheFlagsItself() throws Exception {
        List<String> copies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString();
                boolean source = rel.endsWith(".java") || rel.endsWith(".sh") || rel.startsWith("bin/")
                        || rel.endsWith("Dockerfile") || rel.endsWith(".yaml");
                if (source && !rel.contains("target/") && !f.endsWith("MainTest.java")
                        && new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains("--add-opens=java.base/")) {
                    copies.add(rel);
                }
            }
        }
        assertEquals(List.of(), copies);
    }
}
