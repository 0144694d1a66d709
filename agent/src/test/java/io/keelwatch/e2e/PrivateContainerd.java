package io.keelwatch.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A containerd of the suite's own (Debian's {@code containerd} package), never the one dockerd uses: its
 * own root, state, sockets and config under a fresh directory in /tmp (a Unix socket path must stay
 * short), the CRI plugin on with the cgroupfs driver, a local image as the pod sandbox image, and no CNI
 * (the suite's pods use the host network). {@link #close()} removes every task and pod it holds, stops
 * the daemon and deletes its directory.
 */
final class PrivateContainerd implements AutoCloseable {
    /** The sandbox ("pause") image: the e2e image with a command that idles. */
    static final String PAUSE_IMAGE = "local/kw-pause:1";
    /** Where containerd files a local/NAME image imported from {@code docker save}. */
    static String ref(String dockerTag) {
        return "docker.io/" + dockerTag;
    }

    private final Path dir;
    private final Path socket;
    private final Process daemon;

    private PrivateContainerd(Path dir, Process daemon) {
        this.dir = dir;
        this.socket = dir.resolve("containerd.sock");
        this.daemon = daemon;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/containerd")) && Files.isExecutable(Path.of("/usr/bin/ctr"));
    }

    /** Starts the daemon and waits for its API. */
    static PrivateContainerd start(Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "kwctrd-");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                [debug]
                  address = "%1$s/debug.sock"
                [metrics]
                  address = ""
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  disable_tcp_service = true
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  enable_selinux = false
                  disable_apparmor = true
                  restrict_oom_score_adj = true
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%1$s/cni-bin"
                    conf_dir = "%1$s/cni-conf"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                """.formatted(dir, ref(PAUSE_IMAGE)));
        Process p = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        PrivateContainerd c = new PrivateContainerd(dir, p);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("containerd exited " + p.exitValue() + ":\n" + c.logTail());
            }
            if (Files.exists(c.socket) && c.ctr("version").exit() == 0) {
                return c;
            }
            Thread.sleep(200);
        }
        c.close();
        throw new IllegalStateException("containerd did not answer within " + timeout + ":\n" + c.logTail());
    }

    Path socket() {
        return socket;
    }

    Path dir() {
        return dir;
    }

    /** {@code ctr -a SOCKET ARGS...} (the containerd API's own client). */
    Cmd.Result ctr(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "-a", socket.toString()));
        cmd.addAll(List.of(args));
        return Cmd.run(Duration.ofMinutes(2), null, cmd);
    }

    /** Imports Docker images ({@code docker save}) into the {@code k8s.io} namespace, where the CRI looks. */
    void importFromDocker(String... tags) throws IOException {
        Path tar = dir.resolve("images.tar");
        List<String> save = new ArrayList<>(List.of("docker", "save", "-o", tar.toString()));
        save.addAll(List.of(tags));
        Cmd.run(Duration.ofMinutes(2), null, save).requireSuccess();
        ctr("-n", "k8s.io", "images", "import", tar.toString()).requireSuccess();
        Files.delete(tar);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("containerd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills and removes every task and container in every namespace (pods included: the CRI's live in k8s.io). */
    void removeAll() {
        for (String ns : ctr("namespaces", "ls", "-q").out().split("\n")) {
            if (ns.isBlank()) {
                continue;
            }
            for (String id : ctr("-n", ns, "tasks", "ls", "-q").out().split("\n")) {
                if (!id.isBlank()) {
                    ctr("-n", ns, "tasks", "kill", "-s", "SIGKILL", id);
                }
            }
            for (String id : ctr("-n", ns, "containers", "ls", "-q").out().split("\n")) {
                if (!id.isBlank()) {
                    // waits for the killed task to be gone before deleting it
                    for (int i = 0; i < 20 && ctr("-n", ns, "tasks", "delete", "-f", id).exit() != 0
                            && ctr("-n", ns, "tasks", "ls", "-q").out().contains(id); i++) {
                        sleep(100);
                    }
                    ctr("-n", ns, "containers", "delete", id);
                }
            }
        }
    }

    @Override
    public void close() {
        if (daemon.isAlive()) {
            removeAll();
            daemon.destroy();
            try {
                if (!daemon.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // the CRI leaves the sandboxes' shm mounts and the snapshotter its overlays when a task was not deleted
        for (String line : Cmd.run("sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/self/mounts | sort -r").out()
                .split("\n")) {
            if (!line.isBlank()) {
                Cmd.run("umount", "-l", line.strip());
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in /tmp: nothing else depends on it
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
