package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keelwatch run} as its own process ends with a non-zero exit when one of its parts dies, so systemd or the
 * kubelet restarts it. The part here is the Docker events source, facing a daemon that sends a line that never
 * ends: the source's thread runs out of heap reading it and dies (before the supervisor, the agent went on without
 * Docker events, exit status nowhere).
 */
class PartDeathExitTest {
    private static final Path PACK = Path.of(System.getProperty("keelwatch.root", ".."), "rules/pack");

    @TempDir
    Path tmp;

    @Test
    void aSourceThreadThatDiesEndsTheRunWithExit3() throws Exception {
        try (FakeDockerDaemon docker = new FakeDockerDaemon(tmp.resolve("docker.sock"),
                FakeDockerDaemon.Events.ENDLESS_LINE)) {
            // a small rule set, so the agent fits the small heap until the endless line
            Path rules = Files.createDirectories(tmp.resolve("rules"));
            for (String f : List.of("macros.yaml", "container-escape.yaml")) {
                Files.copy(PACK.resolve(f), rules.resolve(f));
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString(),
                    "-Xmx64m"));
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(s -> s.startsWith("--add-")).toList());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch", "run",
                    "--audit-source", "none", "--data-dir", tmp.resolve("data").toString(), "--no-stdout",
                    "--metrics-listen", "off", "--no-default-rules", "--rules", rules.toString(), "--set", "rules.local_dir=off",
                    "--set", "journal.enabled=false", "--set", "docker.socket=" + docker.socket(),
                    "--set", "runtimes.containerd.sockets=", "--set", "runtimes.crio.sockets="));
            Path log = tmp.resolve("agent.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log);
            assertTrue(ended, "the agent kept running without its Docker source:\n" + out);
            assertEquals(3, p.exitValue(), out);
            assertTrue(out.contains("part docker:" + docker.socket() + " died"), out);
            assertTrue(out.contains("OutOfMemoryError"), out);
        }
    }
}
