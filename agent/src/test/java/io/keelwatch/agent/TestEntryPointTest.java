package io.keelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One command runs the whole suite on a fresh machine: the README's, which is {@code test-fixtures/run-tests.sh}
 * (it installs and starts what the tests drive, then runs {@code mvn -B verify}), and CI runs exactly that.
 */
class TestEntryPointTest {
    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    /** The lines of a script that do something: no blank lines, no comments, no shebang. */
    private List<String> commands(String file) throws Exception {
        return Files.readAllLines(root.resolve(file)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private record Run(int exit, String out) { }

    private Run run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd.toString());
        return new Run(p.exitValue(), out);
    }

    @Test
    void theReadmesTestCommandIsTheScriptAndCiRunsExactlyIt() throws Exception {
        String readme = Files.readString(root.resolve("README.md"));
        int at = readme.indexOf("## Run the whole test suite");
        assertTrue(at >= 0, "the README has no section on running the suite");
        String section = readme.substring(at, readme.indexOf("\n## ", at + 1));
        String block = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("\n```", section.indexOf("```sh")));
        assertEquals("sudo test-fixtures/run-tests.sh", block.strip());
        List<String> ci = commands(".ci/run");
        assertEquals("exec test-fixtures/run-tests.sh", ci.get(ci.size() - 1), ".ci/run ends by running the script");
        assertTrue(ci.stream().noneMatch(l -> l.contains("mvn")), ".ci/run runs nothing but the script: " + ci);
        List<String> script = commands("test-fixtures/run-tests.sh");
        assertEquals("exec mvn -B verify \"$@\"", script.get(script.size() - 1), "the script ends with the inner command");
        for (String f : List.of(".ci/run", "test-fixtures/run-tests.sh")) {
            Run syntax = run(List.of("bash", "-n", f));
            assertEquals(0, syntax.exit(), f + ": " + syntax.out());
            assertTrue(Files.isExecutable(root.resolve(f)), f + " is not executable");
        }
    }

    @Test
    void theScriptRefusesToRunAsAnotherUserThanRoot() throws Exception {
        // the tests drive kernel audit and dockerd: as anyone else it stops before it installs or starts anything
        String script = root.resolve("test-fixtures/run-tests.sh").toString();
        boolean asRoot = run(List.of("id", "-u")).out().strip().equals("0");
        Run r = run(asRoot ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", script)
                : List.of(script));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("run as root"), r.out());
    }
}
