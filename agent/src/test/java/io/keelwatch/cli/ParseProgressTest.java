package io.keelwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keelwatch parse} as a person sees it: on a terminal (a pty from script(1)) stderr shows progress with a
 * percentage and rates, then a summary; into a pipe or a file nothing is added to what the command printed before.
 */
class ParseProgressTest {
    private static final Path CAPTURE = Path.of(System.getProperty("keelwatch.shared", "../shared"),
            "fixtures/captured/benign-containers/audit.log.gz");

    @TempDir
    Path tmp;

    private static String command() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch", "parse"));
        return cmd.stream().map(s -> "'" + s.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void onATerminalProgressAndASummary() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        String inner = command() + " '" + CAPTURE + "' > '" + events + "'";
        Process p = new ProcessBuilder("script", "-qefc", inner, "/dev/null").redirectErrorStream(true).start();
        String screen = new String(p.getInputStream().readAllBytes()).replace("\r", "");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), screen);
        assertTrue(screen.lines().anyMatch(l -> l.matches("parse: 100%  [0-9,]+ records  file 1/1  [0-9,]+ records/s  "
                + "[0-9.]+ MB/s")), screen);
        long lines = Files.readAllLines(events).size();
        assertTrue(screen.contains("\nSummary\n"), screen);
        assertTrue(screen.contains("  events          " + String.format("%,d", lines) + "\n"), screen);
        assertTrue(screen.contains("  unparsable      0 line(s)"), screen);
        assertTrue(screen.contains("  log time        2026-11-24T14:04:"), screen);
    }

    @Test
    void intoAPipeNothingIsAdded() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command() + " '" + CAPTURE + "' > /dev/null")
                .redirectErrorStream(true).start();
        String err = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("", err);
    }
}
