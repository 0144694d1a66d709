package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image, built from packaging/docker/Dockerfile on a JRE base made without a registry, then run
 * exactly as the DaemonSet runs it (host namespaces, capabilities, read-only root, mounts translated from the
 * manifest to docker flags): the agent must start and serve metrics with those privileges and no more.
 */
@Tag("host")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerImageIT {

    static final String BASE = "local/keelwatch-jre:17";
    static final String IMAGE = "local/keelwatch:it";
    static final int METRICS_PORT = 19175;

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    @BeforeAll
    void buildImage() {
        Docker.requireDaemon();
        if (Cmd.run("docker", "image", "inspect", BASE).exit() != 0) {
            Cmd.run(Duration.ofMinutes(5), root, List.of(root.resolve("packaging/docker/build-local-base.sh").toString(),
                    BASE)).requireSuccess();
        }
        Cmd.run(Duration.ofMinutes(5), root, List.of(root.resolve("packaging/docker/build-image.sh").toString(),
                "--base", BASE, "--tag", IMAGE)).requireSuccess();
    }

    @Test
    void imageRunsTheCli() {
        String out = Cmd.run("docker", "run", "--rm", "--network", "none", IMAGE, "version").requireSuccess().trimmed();
        assertTrue(out.startsWith("keelwatch "), out);
    }

    @Test
    void agentRunsWithExactlyTheDaemonSetsPrivileges(@TempDir Path tmp) throws Exception {
        JsonNode pod = Manifests.only(Manifests.load(root.resolve("packaging/kubernetes")), "DaemonSet").node()
                .at("/spec/template/spec");
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("keelwatch.yaml"), """
                host: kw-image-it
                data_dir: /var/lib/keelwatch
                audit:
                  source: multicast
                docker:
                  socket: /var/run/docker.sock
                metrics:
                  listen: 127.0.0.1:%d
                """.formatted(METRICS_PORT));
        Path state = Files.createDirectories(tmp.resolve("state"));
        // the rules ConfigMap's stand-in: an empty local rules directory, as a fresh install has
        Path localRules = Files.createDirectories(tmp.resolve("rules.d"));
        String name = "kw-image-it-" + ProcessHandle.current().pid();
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--label", Docker.LABEL));
        cmd.addAll(dockerFlags(pod, Map.of("/etc/keelwatch/config", config, "/var/lib/keelwatch", state,
                "/etc/keelwatch/rules.d", localRules)));
        cmd.add(IMAGE);
        pod.at("/containers/0/args").forEach(a -> cmd.add(a.asText()));
        try {
            Cmd.run(Duration.ofMinutes(1), null, cmd).requireSuccess();
            URI metrics = URI.create("http://127.0.0.1:" + METRICS_PORT + "/metrics");
            Instant deadline = Instant.now().plusSeconds(60);
            while (!ServiceProcess.httpOk(metrics)) {
                String running = Cmd.run("docker", "inspect", name, "--format", "{{.State.Running}}").trimmed();
                assertTrue(running.equals("true") && Instant.now().isBefore(deadline),
                        "agent container not serving metrics:\n" + Cmd.run("docker", "logs", name).err());
                ServiceProcess.sleep(Duration.ofMillis(500));
            }
            long pid = Long.parseLong(Cmd.run("docker", "inspect", name, "--format", "{{.State.Pid}}").trimmed());
            Set<String> effective = capabilities(Files.readAllLines(Path.of("/proc/" + pid + "/status")));
            Set<String> granted = new TreeSet<>();
            pod.at("/containers/0/securityContext/capabilities/add").forEach(c -> granted.add(c.asText()));
            assertEquals(granted, effective, "the agent process holds exactly the DaemonSet's capabilities");
            assertTrue(Files.exists(state.resolve("journal")) || Files.list(state).findAny().isPresent(),
                    "the agent writes its state to the hostPath");
        } finally {
            Cmd.run("docker", "rm", "-f", name);
        }
    }

    /** The DaemonSet pod spec as docker run flags; hostPaths listed in substitutes are redirected to temp dirs. */
    static List<String> dockerFlags(JsonNode pod, Map<String, Path> substitutes) {
        List<String> f = new ArrayList<>();
        if (pod.path("hostPID").asBoolean()) {
            f.add("--pid=host");
        }
        f.add(pod.path("hostNetwork").asBoolean() ? "--network=host" : "--network=none");
        JsonNode c = pod.at("/containers/0");
        JsonNode sc = c.path("securityContext");
        sc.at("/capabilities/drop").forEach(x -> f.addAll(List.of("--cap-drop", x.asText())));
        sc.at("/capabilities/add").forEach(x -> f.addAll(List.of("--cap-add", x.asText())));
        if (sc.path("readOnlyRootFilesystem").asBoolean()) {
            f.add("--read-only");
        }
        if (!sc.path("allowPrivilegeEscalation").asBoolean(true)) {
            f.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        if (sc.has("runAsUser")) {
            f.addAll(List.of("--user", sc.path("runAsUser").asText()));
        }
        c.path("env").forEach(e -> f.addAll(List.of("-e", e.path("name").asText() + "=" + e.path("value").asText())));
        String memory = c.at("/resources/limits/memory").asText();
        if (memory.endsWith("Mi")) {
            f.addAll(List.of("--memory", memory.replace("Mi", "m")));
        }
        for (JsonNode m : c.path("volumeMounts")) {
            String mountPath = m.path("mountPath").asText();
            JsonNode vol = null;
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("name").asText().equals(m.path("name").asText())) {
                    vol = v;
                }
            }
            if (vol == null) {
                throw new AssertionError("no volume for mount " + m);
            }
            String ro = m.path("readOnly").asBoolean() ? ":ro" : "";
            if (m.path("mountPropagation").asText().equals("HostToContainer")) {
                ro = ro.isEmpty() ? ":rslave" : ro + ",rslave";
            }
            if (vol.has("emptyDir")) {
                // a Kubernetes emptyDir allows exec (docker's --tmpfs default does not): JNA loads its native
                // library from /tmp
                f.addAll(List.of("--tmpfs", mountPath + ":exec"));
            } else if (substitutes.containsKey(mountPath)) {
                // hostPaths and ConfigMaps alike: a temp dir of the test's stands in
                f.addAll(List.of("-v", substitutes.get(mountPath) + ":" + mountPath + ro));
            } else if (vol.has("hostPath")) {
                f.addAll(List.of("-v", vol.at("/hostPath/path").asText() + ":" + mountPath + ro));
            } else {
                throw new AssertionError("no stand-in for volume " + vol);
            }
        }
        return f;
    }

    /** CapEff of a /proc/PID/status, as capability names without the CAP_ prefix. */
    static Set<String> capabilities(List<String> status) {
        String[] names = {"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK",
            "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT",
            "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
            "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND",
            "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE"};
        for (String line : status) {
            if (line.startsWith("CapEff:")) {
                long bits = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                Set<String> caps = new TreeSet<>();
                for (int i = 0; i < 64; i++) {
                    if ((bits & (1L << i)) != 0) {
                        caps.add(i < names.length ? names[i] : "CAP_" + i);
                    }
                }
                return caps;
            }
        }
        throw new AssertionError("no CapEff line");
    }
}
