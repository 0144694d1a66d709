package io.keelwatch.e2e;

import static io.keelwatch.e2e.Scenario.inImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The catalog: attacks per category, then benign work that must stay quiet. */
public final class Scenarios {

    static final String ESCAPE = "container_escape";
    static final String MINING = "crypto_mining";
    static final String HOST_MOUNT = "host_mount_abuse";
    static final String LATERAL = "lateral_probing";
    static final String STALE = "stale_container";
    static final String NONE = "none";

    /** The closest stand-in for --privileged that starts on this VM (see the working agreement). */
    static final List<String> STRONG = List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined", "--security-opt", "systempaths=unconfined");
    static final List<String> NO_NET = List.of("--network", "none");

    private static final Duration WINDOW = Duration.ofSeconds(10);

    private Scenarios() {}

    static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    public static List<Scenario> attacks() {
        return List.of(
                // ---- container escape ----
                new Scenario("core-pattern", ESCAPE, "write /proc/sys/kernel/core_pattern", WINDOW,
                        inImage("core-pattern", STRONG, List.of())),
                new Scenario("release-agent", ESCAPE, "mount cgroup v1, write release_agent", WINDOW,
                        inImage("release-agent", STRONG, List.of())),
                new Scenario("disk-mount", ESCAPE, "mount the host's root block device", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "disk-mount",
                                with(STRONG, "--device", ctx.rootDevice() + ":" + ctx.rootDevice() + ":r"),
                                List.of(ctx.rootDevice()))),
                new Scenario("nsenter-host", ESCAPE, "nsenter/setns into a host process's namespaces", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "nsenter-host", with(STRONG, "--pid=host"),
                                List.of(Long.toString(ctx.hostPid())))),
                new Scenario("docker-sock", ESCAPE, "GET /version on the mounted Docker socket", WINDOW,
                        inImage("docker-sock", List.of("-v", "/var/run/docker.sock:/var/run/docker.sock"), List.of())),
                new Scenario("module-load", ESCAPE, "init_module + finit_module", WINDOW,
                        inImage("module-load", List.of("--cap-add", "SYS_MODULE"), List.of())),
                new Scenario("ptrace", ESCAPE, "PTRACE_ATTACH to a process", WINDOW,
                        inImage("ptrace", List.of("--cap-add", "SYS_PTRACE"), List.of())),
                new Scenario("runc-overwrite", ESCAPE, "open /proc/self/exe and host runc for write", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "runc-overwrite",
                                List.of("-v", ctx.runcPath() + ":/host/runc:ro"), List.of())),
                new Scenario("unshare", ESCAPE, "unshare(CLONE_NEWUSER) and a mount namespace", WINDOW,
                        inImage("unshare", STRONG, List.of())),
                // ---- crypto-mining ----
                new Scenario("miner-name", MINING, "exec a binary named xmrig", WINDOW,
                        inImage("miner-name", List.of(), List.of())),
                new Scenario("stratum-args", MINING, "stratum+tcp:// and --donate-level in argv", WINDOW,
                        inImage("stratum-args", List.of(), List.of())),
                new Scenario("pool-port", MINING, "connect to a pool port (3333), unroutable", WINDOW,
                        inImage("pool-port", NO_NET, List.of())),
                new Scenario("drift-exec", MINING, "exec a binary dropped in /tmp/.cache after start", WINDOW,
                        inImage("drift-exec", List.of(), List.of())),
                // ---- host-mount abuse ----
                new Scenario("sensitive-mount", HOST_MOUNT, "container started with the host's /etc mounted",
                        WINDOW, inImage("sensitive-mount", List.of("-v", "/etc:/host/etc:ro"), List.of("3"))),
                new Scenario("host-write", HOST_MOUNT, "create a file in the host's /etc through a mount", WINDOW,
                        Scenarios::hostWrite),
                new Scenario("host-read", HOST_MOUNT, "read the host's /etc/shadow through a mount", WINDOW,
                        inImage("host-read", List.of("-v", "/etc:/host/etc:ro"), List.of())),
                // ---- lateral probing ----
                new Scenario("port-scan", LATERAL, "40 ports of one container on the internal bridge", WINDOW,
                        (ctx, c) -> withTarget(ctx, c, ip -> List.of(ip), "port-scan")),
                new Scenario("host-sweep", LATERAL, "port 22 on 29 addresses of the internal bridge", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "host-sweep", List.of("--network", ctx.network()),
                                List.of(ctx.subnetPrefix()))),
                new Scenario("metadata", LATERAL, "connect to 169.254.169.254:80, unroutable", WINDOW,
                        inImage("metadata", NO_NET, List.of())),
                new Scenario("control-plane", LATERAL, "kubelet, etcd, Docker API, kube-apiserver ports", WINDOW,
                        (ctx, c) -> withTarget(ctx, c, ip -> List.of(ip), "control-plane")),
                new Scenario("reverse-shell", LATERAL, "nc -e /bin/sh to a listener", WINDOW,
                        (ctx, c) -> reverseShell(ctx, c, "reverse-shell")),
                new Scenario("reverse-shell-stdio", LATERAL, "sh with stdio dup'ed onto a TCP socket", WINDOW,
                        (ctx, c) -> reverseShell(ctx, c, "reverse-shell-stdio")),
                // ---- stale containers ----
                new Scenario("image-retag", STALE, "the image tag moves under a running container",
                        Duration.ofSeconds(20), StaleScenarios::imageRetag));
    }

    /** Container age needs the threshold to pass: it is started first and judged last (see AttackSuiteIT). */
    public static Scenario longLived() {
        return new Scenario("long-lived", STALE, "a container older than the configured age", Duration.ofSeconds(20),
                StaleScenarios::longLived);
    }

    public static List<Scenario> benign() {
        return List.of(
                new Scenario("web-traffic", NONE, "httpd serving wget from another container", Duration.ofSeconds(5),
                        (ctx, c) -> withTarget(ctx, c, ip -> List.of(ip), "web-client")),
                new Scenario("shell-work", NONE, "ls, date, grep, mkdir, tar, gzip", Duration.ofSeconds(5),
                        inImage("shell-work", List.of(), List.of())),
                new Scenario("image-build", NONE, "docker build with RUN steps", Duration.ofSeconds(5),
                        StaleScenarios::benignBuild));
    }

    /** Runs the scenario against a short-lived web server on the internal bridge; the target is removed after. */
    interface Args {
        List<String> of(String targetIp);
    }

    static Scenario.Started withTarget(ScenarioContext ctx, String container, Args args, String scenario) {
        String target = container + "-target";
        try {
            String targetId = Docker.runDetached(target, List.of("--network", ctx.network()), ctx.image(),
                    List.of("scenario", "web-server"));
            String ip = Docker.ip(target, ctx.network());
            Scenario.Started s = Scenario.runInImage(ctx, container, scenario, List.of("--network", ctx.network()),
                    args.of(ip));
            return new Scenario.Started(s.containerName(), s.containerId(), s.detectableFrom(), s.output(),
                    List.of(s.containerId(), targetId));
        } finally {
            Docker.removeForce(target);
        }
    }

    private static Scenario.Started reverseShell(ScenarioContext ctx, String container, String scenario) {
        String listener = container + "-listener";
        try {
            Docker.runDetached(listener, List.of("--network", ctx.network()), ctx.image(),
                    List.of("scenario", "listener", "4444", "4"));
            String ip = Docker.ip(listener, ctx.network());
            ServiceProcess.sleep(Duration.ofMillis(500));
            return Scenario.runInImage(ctx, container, scenario, List.of("--network", ctx.network()),
                    List.of(ip, "4444"));
        } finally {
            Docker.removeForce(listener);
        }
    }

    private static Scenario.Started hostWrite(ScenarioContext ctx, String container) throws Exception {
        String canary = "keelwatch-e2e-canary-" + container;
        Path onHost = Path.of("/etc", canary);
        try {
            return Scenario.runInImage(ctx, container, "host-write", List.of("-v", "/etc:/host/etc"), List.of(canary));
        } finally {
            Files.deleteIfExists(onHost);
        }
    }
}
