package io.keelwatch.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dockerd of the test's own (own socket, data root, exec root, pid file, own bridge, no iptables),
 * so a test may kill and restart it without touching the host's daemon. Its managed containerd dies
 * with it (dockerd sets the parent-death signal).
 *
 * <p>Not {@code --bridge none}: a daemon started that way deletes the host's {@code docker0} link,
 * which the host's own dockerd needs. It gets a bridge of its own, made here and removed on close.
 */
final class PrivateDockerd implements AutoCloseable {
    static final String IMAGE = "local/busybox:1";
    private static final String BRIDGE = "kwidbr0";
    private static final String BRIDGE_ADDRESS = "10.213.213.1/24";

    private final Path root;
    private final Path socket;
    private Process process;

    PrivateDockerd(Path root) throws IOException {
        this.root = root;
        this.socket = root.resolve("docker.sock");
        Files.createDirectories(root);
    }

    Path socket() {
        return socket;
    }

    String host() {
        return "unix://" + socket;
    }

    /** Starts the daemon and waits until its API answers. */
    void start() throws IOException, InterruptedException {
        if (!Files.exists(Path.of("/sys/class/net", BRIDGE))) {
            run(List.of("ip", "link", "add", BRIDGE, "type", "bridge"), null, true);
            run(List.of("ip", "addr", "add", BRIDGE_ADDRESS, "dev", BRIDGE), null, true);
            run(List.of("ip", "link", "set", BRIDGE, "up"), null, true);
        }
        List<String> cmd = List.of("dockerd", "--host", host(), "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(), "--pidfile", root.resolve("docker.pid").toString(),
                "--bridge", BRIDGE, "--iptables=false");
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (DockerApi api = new DockerApi(socket)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("dockerd exited with " + process.exitValue() + ", see "
                            + root.resolve("dockerd.log"));
                }
                try {
                    if (api.get("/_ping") != null) {
                        return;
                    }
                } catch (DockerUnavailableException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("dockerd did not answer within 60 s: " + e.getMessage());
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** SIGKILL, as a crash would; returns once its containerd is gone too (it dies with its parent). */
    void kill() throws IOException, InterruptedException {
        Path pidFile = root.resolve("exec").resolve("containerd").resolve("containerd.pid");
        String containerd = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        // A restart finding the old containerd's pid alive would wait for it instead of starting one.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!containerd.isEmpty() && isContainerd(containerd) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static boolean isContainerd(String pid) {
        try {
            return Files.readString(Path.of("/proc", pid, "stat")).contains("(containerd)");
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies the test image from the host's daemon (building it there first when missing). */
    void loadImage() throws IOException, InterruptedException {
        if (run(List.of("docker", "image", "inspect", IMAGE), null, false).isEmpty()) {
            Path script = Path.of(System.getProperty("keelwatch.root", "."), "test-fixtures", "images",
                    "build-busybox-image.sh");
            run(List.of("bash", script.toString(), IMAGE), null, true);
        }
        run(List.of("sh", "-c", "docker save " + IMAGE + " | DOCKER_HOST=" + host() + " docker load"), null, true);
    }

    /** Removes every container this daemon has (a crashed earlier run may have left some). */
    void removeAllContainers() throws IOException, InterruptedException {
        String ids = run(List.of("docker", "ps", "-aq"), host(), false);
        if (!ids.isBlank()) {
            List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
            rm.addAll(List.of(ids.split("\\s+")));
            run(rm, host(), false);
        }
    }

    /** Runs the docker CLI against this daemon and returns its trimmed output. */
    String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return run(cmd, host(), true);
    }

    private static String run(List<String> cmd, String dockerHost, boolean check)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dockerHost != null) {
            pb.environment().put("DOCKER_HOST", dockerHost);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int rc = p.waitFor();
        if (rc != 0) {
            if (check) {
                throw new IOException(String.join(" ", cmd) + " failed (" + rc + "): " + out);
            }
            return "";
        }
        return out;
    }

    /** Removes every container, stops the daemon and unmounts what it left mounted. */
    @Override
    public void close() throws Exception {
        if (process != null && !process.isAlive()) {
            // Dead (killed by the test, or a restart failed): bring it back so that it removes the
            // containers it still has running under orphaned shims.
            try {
                start();
            } catch (IOException e) {
                System.err.println("could not restart the private dockerd for cleanup: " + e.getMessage());
            }
        }
        if (process != null && process.isAlive()) {
            removeAllContainers();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (process == null || !process.isAlive()) {
            run(List.of("ip", "link", "delete", BRIDGE), null, false);
        }
        // dockerd makes its data root a private mount point and leaves it behind.
        for (int i = 0; i < 8 && Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + root + "/"); i++) {
            run(List.of("sh", "-c", "grep -o ' " + root + "/[^ ]*' /proc/self/mountinfo | sort -r | "
                    + "xargs -r -n1 umount -l"), null, false);
        }
    }
}
