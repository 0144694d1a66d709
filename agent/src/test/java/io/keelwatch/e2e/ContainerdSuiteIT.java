package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.container.CgroupParser;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.LifecycleEvent;
import io.keelwatch.container.Mount;
import io.keelwatch.container.RuntimeResolver;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.live.RuntimeHostLookup;
import io.keelwatch.input.HostInput;
import io.keelwatch.runtime.containerd.ContainerdClient;
import io.keelwatch.runtime.containerd.ContainerdEventStream;
import io.keelwatch.runtime.cri.CriClient;
import io.keelwatch.runtime.cri.api.CriApi;
import io.keelwatch.runtime.identity.RuntimeEventDecoder;
import io.keelwatch.runtime.identity.RuntimeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kubernetes nodes without Docker, on real parts: a private containerd (Debian's, CRI plugin on), pods
 * made through the CRI the way the kubelet makes them (host network, a {@code kubepods} cgroup parent),
 * and containers made through containerd's own API with the CRI labels. First the runtime clients
 * alone (identity, cgroup attribution, lifecycle events), then the packaged agent watching attack
 * scenarios in those containers with no dockerd involved: every alert must carry the pod's name,
 * namespace and labels. Last, the agent's journal is replayed with containerd gone: the same alerts.
 * The scorecard goes to {@code agent/target/containerd-scorecard.txt}.
 */
@Tag("host")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerdSuiteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The e2e suite's metrics port: the suites hold the host lock, so never both at once. */
    private static final int AGENT_METRICS_PORT = 19173;
    private static final String NAMESPACE = "kw-e2e";
    private static final Map<String, String> POD_LABELS = Map.of("app", "kw-victim", "tier", "front");
    private static final Duration WINDOW = Duration.ofSeconds(12);

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final Path target = root.resolve("agent/target");
    private final Scorecard scorecard = new Scorecard();
    private final Random random = new Random();
    private PrivateContainerd containerd;
    private CriPods pods;
    private String image;
    private Path work;
    private Path journal;
    private final List<String> alertsLive = new ArrayList<>();

    @BeforeAll
    void startContainerd() throws Exception {
        assertTrue(PrivateContainerd.installed(), "Debian's containerd package is missing (.ci/run installs it)");
        Docker.requireDaemon();
        work = Files.createTempDirectory(target, "containerd-e2e-");
        // the images come from dockerd (docker build + docker save); the containers never do
        String e2e = Cmd.run(Duration.ofMinutes(3), null,
                List.of(root.resolve("test-fixtures/e2e/build-e2e-image.sh").toString())).requireSuccess().trimmed();
        Path ctx = Files.createDirectories(work.resolve("pause-image"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + e2e + "\nCMD [\"sleep\", \"2147483647\"]\n");
        Cmd.run(Duration.ofMinutes(2), null, List.of("docker", "build", "-q", "--network", "none", "-t",
                PrivateContainerd.PAUSE_IMAGE, ctx.toString())).requireSuccess();
        containerd = PrivateContainerd.start(Duration.ofSeconds(30));
        containerd.importFromDocker(e2e, PrivateContainerd.PAUSE_IMAGE);
        image = PrivateContainerd.ref(e2e);
        pods = new CriPods(containerd.socket(), work.resolve("pod-logs"));
    }

    @AfterAll
    void stop() throws IOException {
        String card = scorecard.render();
        System.out.println("\n==== Keelwatch containerd scorecard ====\n" + card);
        scorecard.write(target.resolve("containerd-scorecard.txt"));
        if (pods != null) {
            pods.close();
        }
        if (containerd != null) {
            containerd.close();
        }
    }

    /** The CRI names the pod, its labels and the container's mounts; the cgroup names the container. */
    @Test
    @Order(1)
    void criPodContainerHasFullIdentityAndKubepodsCgroup() throws Exception {
        CriPods.Pod pod = pods.runPod("identity-" + suffix(), NAMESPACE, POD_LABELS);
        String id = pods.runContainer(pod, "idler", image, List.of("sleep", "60"),
                List.of(new CriPods.HostPath("/", "/host", true)),
                CriApi.LinuxContainerSecurityContext.getDefaultInstance());
        try (ContainerdClient api = new ContainerdClient(containerd.socket());
             CriClient cri = new CriClient(ContainerInfo.CONTAINERD, containerd.socket())) {
            RuntimeIdentity identity = new RuntimeIdentity(new RuntimeHostLookup(HostLookup.none(), api, List.of(cri)));
            RuntimeResolver.Resolved r = identity.resolve(id);
            assertNotNull(r, "the CRI knows the container it created");
            ContainerInfo c = r.info();
            assertTrue(r.running());
            assertEquals(ContainerInfo.CONTAINERD, c.runtime());
            assertEquals(pod.name(), c.podName());
            assertEquals(NAMESPACE, c.podNamespace());
            assertEquals(pod.uid(), c.podUid());
            assertEquals(POD_LABELS, c.podLabels());
            assertEquals("idler", c.name());
            assertEquals(image, c.image());
            assertTrue(c.imageId().startsWith("sha256:"), c.imageId());
            assertEquals("host", c.networkMode(), "host-network pod");
            assertTrue(c.mounts().contains(new Mount("bind", "/", "/host", false, "rprivate")), c.mounts().toString());
            assertTrue(c.initPid() > 0);
            String cgroup = Files.readString(Path.of("/proc/" + c.initPid() + "/cgroup"));
            assertTrue(cgroup.contains("/kubepods/besteffort/pod" + pod.uid() + "/" + id), cgroup);
            assertEquals(id, CgroupParser.containerId(cgroup));
            Files.writeString(work.resolve("cri-cgroupfs-v1.cgroup"), cgroup);
            assertTrue(identity.running().contains(id));
            Files.writeString(work.resolve("cri-describe.json"), cri.describe(id));
        }
    }

    /** A container made through containerd's API (not the CRI) with the CRI labels, in k8s.io. */
    @Test
    @Order(2)
    void containerdApiContainerWithCriLabelsHasIdentity() throws Exception {
        String id = hexId();
        containerd.ctr("-n", "k8s.io", "run", "-d", "--label", "io.kubernetes.pod.name=ctr-pod",
                "--label", "io.kubernetes.pod.namespace=" + NAMESPACE, "--label", "io.kubernetes.container.name=ctr",
                "--mount", "type=bind,src=/etc,dst=/host/etc,options=rbind:ro", image, id, "sleep", "60")
                .requireSuccess();
        try (ContainerdClient api = new ContainerdClient(containerd.socket());
             CriClient cri = new CriClient(ContainerInfo.CONTAINERD, containerd.socket())) {
            RuntimeIdentity identity = new RuntimeIdentity(new RuntimeHostLookup(HostLookup.none(), api, List.of(cri)));
            RuntimeResolver.Resolved r = identity.resolve(id);
            assertNotNull(r, "containerd's API knows the container the CRI does not");
            ContainerInfo c = r.info();
            assertTrue(r.running());
            assertEquals(ContainerInfo.CONTAINERD, c.runtime());
            assertEquals("ctr-pod", c.podName());
            assertEquals(NAMESPACE, c.podNamespace());
            assertEquals("ctr", c.name());
            assertEquals(image, c.image());
            assertTrue(c.imageId().startsWith("sha256:"), c.imageId());
            assertTrue(c.mounts().contains(new Mount("bind", "/etc", "/host/etc", false, "")), c.mounts().toString());
            String cgroup = Files.readString(Path.of("/proc/" + c.initPid() + "/cgroup"));
            assertTrue(cgroup.contains("/k8s.io/" + id), cgroup);
            assertEquals(id, CgroupParser.containerId(cgroup));
            Files.writeString(work.resolve("containerd-api-v1.cgroup"), cgroup);
            Files.writeString(work.resolve("containerd-describe.json"), api.describe(id));
        } finally {
            containerd.ctr("-n", "k8s.io", "tasks", "kill", "-s", "SIGKILL", id);
        }
    }

    /** containerd's events service: a CRI container's create, start and exit, decoded as the registry takes them. */
    @Test
    @Order(3)
    void containerdEventsGiveTheLifecycle() throws Exception {
        List<HostInput.RuntimeEvent> got = new CopyOnWriteArrayList<>();
        try (ContainerdClient api = new ContainerdClient(containerd.socket());
             ContainerdEventStream stream = new ContainerdEventStream(api, got::add, System::currentTimeMillis)) {
            stream.start();
            long end = System.currentTimeMillis() + 10_000;
            while (!stream.connected() && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertTrue(stream.connected(), stream.lastError());
            CriPods.Pod pod = pods.runPod("events-" + suffix(), NAMESPACE, POD_LABELS);
            String id = pods.runContainer(pod, "brief", image, List.of("true"), List.of(),
                    CriApi.LinuxContainerSecurityContext.getDefaultInstance());
            pods.awaitExit(id, 10_000);
            RuntimeEventDecoder decoder = new RuntimeEventDecoder();
            Set<String> verbs = new TreeSet<>();
            end = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < end && !verbs.contains("die")) {
                verbs.clear();
                for (HostInput.RuntimeEvent e : got) {
                    LifecycleEvent l = decoder.decode(e);
                    if (l != null && l.id().equals(id)) {
                        verbs.add(l.verb());
                    }
                }
                Thread.sleep(100);
            }
            assertEquals(Set.of("create", "start", "die"), verbs, "events: " + got);
            assertEquals(0, decoder.malformed(), decoder.lastError());
        }
    }

    /** The packaged agent, no dockerd socket: attacks in CRI pods and in a containerd-API container. */
    @Test
    @Order(4)
    void attacksInPodsAreDetectedWithPodIdentity() throws Exception {
        Path dir = Files.createDirectories(work.resolve("agent-run"));
        Path config = writeConfig(dir);
        Path alerts = dir.resolve("state/alerts.jsonl");
        journal = dir.resolve("state/journal");
        List<String> failed = new ArrayList<>();
        try (AgentProcess agent = new AgentProcess(dir.resolve("agent"), root.resolve("bin/keelwatch"),
                target.resolve("keelwatch.jar"), config, AGENT_METRICS_PORT)) {
            agent.start(Duration.ofSeconds(60));
            record Case(String name, String category, List<String> command, List<CriPods.HostPath> mounts) { }
            List<Case> cases = List.of(
                    new Case("miner-name", Scenarios.MINING, List.of("scenario", "miner-name"), List.of()),
                    new Case("drift-exec", Scenarios.MINING, List.of("scenario", "drift-exec"), List.of()),
                    new Case("host-read", Scenarios.HOST_MOUNT, List.of("scenario", "host-read"),
                            List.of(new CriPods.HostPath("/etc", "/host/etc", true))),
                    new Case("hostpath-root", Scenarios.HOST_MOUNT, List.of("scenario", "sensitive-mount", "6"),
                            List.of(new CriPods.HostPath("/", "/host", true))));
            for (Case k : cases) {
                CriPods.Pod pod = pods.runPod(k.name() + "-" + suffix(), NAMESPACE, POD_LABELS);
                Instant started = Instant.now();
                String id = pods.runContainer(pod, k.name(), image, k.command(), k.mounts(),
                        CriApi.LinuxContainerSecurityContext.getDefaultInstance());
                judge("cri", k.name(), k.category(), id, pod.name(), POD_LABELS, started, alerts, failed);
            }
            // through containerd's API, as a node agent or a tool other than the kubelet would make it
            String id = hexId();
            Instant started = Instant.now();
            containerd.ctr("-n", "k8s.io", "run", "-d", "--label", "io.kubernetes.pod.name=ctr-miner",
                    "--label", "io.kubernetes.pod.namespace=" + NAMESPACE,
                    "--label", "io.kubernetes.container.name=miner", image, id, "scenario", "miner-name")
                    .requireSuccess();
            judge("containerd-api", "miner-name", Scenarios.MINING, id, "ctr-miner", Map.of(), started, alerts,
                    failed);
            assertTrue(agent.isAlive(), "the agent died during the run:\n" + agent.tail());
            // the lifecycle came through containerd's events stream (journaled), none of it unreadable
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    agent.metricsUrl()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metric(metrics, "keelwatch_inputs_total{kind=\"RuntimeEvent\"") >= 10, metrics);
            for (String line : metrics.split("\n")) {
                if (line.contains("reason=\"event_malformed\"") || line.contains("reason=\"answer_malformed\"")
                        || line.contains("reason=\"call_failed\"")) {
                    assertEquals(0.0, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), line);
                }
            }
        }
        alertsLive.addAll(containerdAlertLines(alerts));
        assertTrue(failed.isEmpty(), "missed or without pod identity: " + failed + "\n" + scorecard.render());
    }

    /** The journal replays to the same containerd alerts with containerd stopped. */
    @Test
    @Order(5)
    void replayNeedsNoContainerd() throws Exception {
        assertNotNull(journal, "the agent run made a journal");
        pods.close();
        pods = null;
        containerd.close();
        containerd = null;
        Cmd.Result r = Cmd.run(Duration.ofMinutes(3), null, List.of(root.resolve("bin/keelwatch").toString(),
                "replay", "--quiet", "--recorded-rules", "--config", work.resolve("agent-run/keelwatch.yaml").toString(),
                journal.toString()));
        r.requireSuccess();
        Path replayed = work.resolve("replayed.jsonl");
        Files.writeString(replayed, r.out());
        List<String> again = containerdAlertLines(replayed);
        assertTrue(!alertsLive.isEmpty(), "the live run raised containerd alerts");
        assertEquals(summaries(alertsLive), summaries(again), "replayed alerts");
    }

    private void judge(String mode, String scenario, String category, String id, String podName,
                       Map<String, String> podLabels, Instant started, Path alerts, List<String> failed)
            throws Exception {
        long end = System.currentTimeMillis() + WINDOW.toMillis();
        JsonNode hit = null;
        Set<String> rules = new TreeSet<>();
        while (System.currentTimeMillis() < end && hit == null) {
            for (JsonNode a : read(alerts)) {
                if (id.equals(a.path("container").path("id").asText())) {
                    rules.add(a.path("rule").asText());
                    if (category.equals(a.path("category").asText())) {
                        hit = a;
                    }
                }
            }
            Thread.sleep(200);
        }
        String note = "";
        boolean pass = hit != null;
        Duration latency = null;
        if (hit != null) {
            latency = Duration.between(started, Instant.parse(hit.path("time").asText()));
            JsonNode c = hit.path("container");
            List<String> wrong = new ArrayList<>();
            if (!podName.equals(c.path("k8s_pod").asText())) {
                wrong.add("k8s_pod=" + c.path("k8s_pod").asText());
            }
            if (!NAMESPACE.equals(c.path("k8s_namespace").asText())) {
                wrong.add("k8s_namespace=" + c.path("k8s_namespace").asText());
            }
            if (!podLabels.equals(JSON.convertValue(c.path("k8s_pod_labels").isMissingNode()
                    ? JSON.createObjectNode() : c.path("k8s_pod_labels"), Map.class))) {
                wrong.add("k8s_pod_labels=" + c.path("k8s_pod_labels"));
            }
            if (!ContainerInfo.CONTAINERD.equals(c.path("runtime").asText())) {
                wrong.add("runtime=" + c.path("runtime").asText());
            }
            if (!image.equals(c.path("image").asText())) {
                wrong.add("image=" + c.path("image").asText());
            }
            if (!wrong.isEmpty()) {
                pass = false;
                note = "identity: " + String.join(" ", wrong);
            }
        } else {
            note = "no " + category + " alert within " + WINDOW.toSeconds() + "s";
        }
        scorecard.add(new Scorecard.Row(mode, scenario, category, pass, rules, latency, Set.of(), note));
        if (!pass) {
            failed.add(mode + "/" + scenario + ": " + note);
        }
    }

    /** The value of the first sample line starting with {@code series} (simpleclient ends labels with ",}"), or -1. */
    private static double metric(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    private Path writeConfig(Path dir) throws IOException {
        Path overrides = dir.resolve("e2e-overrides.yaml");
        Files.writeString(overrides, Files.readString(root.resolve("test-fixtures/e2e/rules-e2e-overrides.yaml"))
                .replace("${STALE_AGE_SECONDS}", "600"));
        Path config = dir.resolve("keelwatch.yaml");
        Files.writeString(config, """
                host: kwe2e-containerd
                data_dir: %s
                audit:
                  source: netlink
                  load_rules: true
                  exclude_self: true
                  deep_rules: true
                docker:
                  # no dockerd involvement: the containers are containerd's
                  socket: %s
                runtimes:
                  containerd:
                    sockets: [%s]
                  crio:
                    sockets: []
                rules:
                  paths: [%s, %s]
                  inventory_interval: 2s
                alerts:
                  stdout: false
                  throttle_window: 60s
                metrics:
                  listen: 127.0.0.1:%d
                journal:
                  enabled: true
                log:
                  level: info
                """.formatted(dir.resolve("state"), dir.resolve("no-docker.sock"), containerd.socket(),
                root.resolve("rules/pack"), overrides, AGENT_METRICS_PORT));
        return config;
    }

    private static List<JsonNode> read(Path alerts) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(alerts)) {
            return out;
        }
        for (String line : Files.readAllLines(alerts)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<String> containerdAlertLines(Path alerts) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(alerts)) {
            if (line.contains("\"runtime\":\"containerd\"")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Rule, container and pod of each alert: what replay must give again. */
    private static List<String> summaries(List<String> lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            JsonNode a = JSON.readTree(line);
            out.add(a.path("rule").asText() + " " + a.path("container").path("id").asText() + " "
                    + a.path("container").path("k8s_pod").asText() + " " + a.path("event").path("id").asText());
        }
        out.sort(null);
        return out;
    }

    private String hexId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String suffix() {
        return Integer.toHexString(random.nextInt(0x10000));
    }
}
