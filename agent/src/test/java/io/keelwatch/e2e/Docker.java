package io.keelwatch.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The Docker CLI against the host's daemon, as the scenarios use it; every container carries the suite's label. */
public final class Docker {

    public static final String LABEL = "io.keelwatch.e2e=1";

    private Docker() {}

    /** Fails unless the daemon on the default socket answers. */
    public static String requireDaemon() {
        Cmd.Result r = Cmd.run("docker", "version", "--format", "{{.Server.Version}}");
        if (r.exit() != 0) {
            throw new IllegalStateException("dockerd is not answering on the default socket: " + r.err());
        }
        return r.trimmed();
    }

    /**
     * Starts a detached container and returns its full id. No network unless the flags name one: nothing can
     * leave the host, and the default bridge is never needed (a second dockerd started with --bridge none, as
     * another test of this project does, deletes docker0).
     */
    public static String runDetached(String name, List<String> flags, String image, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--label", LABEL));
        if (!flags.contains("--network")) {
            cmd.addAll(List.of("--network", "none"));
        }
        cmd.addAll(flags);
        cmd.add(image);
        cmd.addAll(command);
        return Cmd.run(Duration.ofSeconds(60), null, cmd).requireSuccess().trimmed();
    }

    /** A container run to completion: its id and everything it printed. */
    public record Ran(String id, String output) {}

    /**
     * Runs a container in the foreground to completion. Output comes over the attached streams and the id from a
     * cidfile, so neither depends on the container still existing afterwards (other tests on a shared dockerd may
     * prune exited containers).
     */
    public static Ran runToCompletion(String name, List<String> flags, String image, List<String> command,
                                      Duration timeout) {
        try {
            java.nio.file.Path cid = java.nio.file.Files.createTempFile("kwe2e", ".cid");
            java.nio.file.Files.delete(cid);
            List<String> cmd = new ArrayList<>(List.of("docker", "run", "--name", name, "--label", LABEL,
                    "--cidfile", cid.toString()));
            if (!flags.contains("--network")) {
                cmd.addAll(List.of("--network", "none"));
            }
            cmd.addAll(flags);
            cmd.add(image);
            cmd.addAll(command);
            Cmd.Result r = Cmd.run(timeout, null, cmd);
            String id = java.nio.file.Files.exists(cid) ? java.nio.file.Files.readString(cid).trim() : "";
            java.nio.file.Files.deleteIfExists(cid);
            return new Ran(id, r.out() + r.err());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for a container to exit and returns its output. */
    public static String waitAndLogs(String name, Duration timeout) {
        Cmd.run(timeout, null, List.of("docker", "wait", name)).requireSuccess();
        Cmd.Result logs = Cmd.run("docker", "logs", name);
        return logs.out() + logs.err();
    }

    public static void removeForce(String name) {
        Cmd.run("docker", "rm", "-f", "-v", name);
    }

    /** Removes every container this suite labelled (left over from an aborted run too). */
    public static void removeAllLabelled() {
        String ids = Cmd.run("docker", "ps", "-aq", "--filter", "label=" + LABEL).trimmed();
        if (!ids.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("docker", "rm", "-f", "-v"));
            cmd.addAll(List.of(ids.split("\\s+")));
            Cmd.run(cmd.toArray(String[]::new));
        }
    }

    /** An internal bridge: containers on it reach each other and nothing else (no route off the host). */
    public static String createInternalNetwork(String name) {
        Cmd.run("docker", "network", "rm", name);
        Cmd.run("docker", "network", "create", "--internal", "--label", LABEL, name).requireSuccess();
        return Cmd.run("docker", "network", "inspect", name, "--format", "{{(index .IPAM.Config 0).Subnet}}")
                .requireSuccess().trimmed();
    }

    public static void removeNetwork(String name) {
        Cmd.run("docker", "network", "rm", name);
    }

    public static String ip(String container, String network) {
        return Cmd.run("docker", "inspect", container, "--format",
                "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}").requireSuccess().trimmed();
    }

    /** Builds an image from a Dockerfile text with the given build context directory. */
    public static void build(String tag, Path context) {
        Cmd.run(Duration.ofMinutes(3), context, List.of("docker", "build", "-q", "--network", "none", "--label", LABEL, "-t", tag, "."))
                .requireSuccess();
    }

    public static String imageId(String ref) {
        return Cmd.run("docker", "image", "inspect", ref, "--format", "{{.Id}}").requireSuccess().trimmed();
    }
}
