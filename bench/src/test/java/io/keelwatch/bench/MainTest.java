package io.keelwatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void noTrackedSourceOrScriptListsTheFlagsItself() throws Exception {
        Process git = new ProcessBuilder("git", "-C", root.toString(), "grep", "-l", "-e", "--add-opens=java.base/", "--",
                "*.java", "*.sh", "bin/*", "*.yaml", "Dockerfile").redirectErrorStream(true).start();
        List<String> files = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        git.waitFor(30, TimeUnit.SECONDS);
        assertEquals(List.of(), files.stream().filter(f -> !f.endsWith("MainTest.java")).toList());
    }
}
