package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The DaemonSet and its companions, the kustomize base and every overlay as {@code kubectl kustomize} renders
 * them: valid Kubernetes objects, wired to each other, granting only what is needed, starting on a node with any
 * subset of the runtimes.
 */
class KubernetesManifestsTest {

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final Path dir = root.resolve("packaging/kubernetes/base");
    private final Path overlays = root.resolve("packaging/kubernetes/overlays");

    static final Set<String> RUNTIME_HOST_PATHS = Set.of("/var/run/docker.sock", "/run/containerd", "/run/crio");

    private List<Path> everyKustomization() throws Exception {
        List<Path> out = new java.util.ArrayList<>(List.of(dir));
        try (java.util.stream.Stream<Path> s = Files.list(overlays)) {
            s.filter(p -> Files.exists(p.resolve("kustomization.yaml"))).sorted().forEach(out::add);
        }
        assertEquals(Set.of("alertmanager", "extra-rules", "k3s", "no-docker", "production", "prometheus-operator"),
                new TreeSet<>(out.subList(1, out.size()).stream().map(p -> p.getFileName().toString()).toList()));
        return out;
    }

    @Test
    void everyRenderedOverlayIsValidKubernetesObjects() throws Exception {
        for (Path k : everyKustomization()) {
            List<Manifests.Doc> docs = Manifests.render(k);
            Set<String> kinds = new TreeSet<>(docs.stream().map(Manifests.Doc::kind).toList());
            assertTrue(kinds.containsAll(Set.of("Namespace", "ServiceAccount", "ConfigMap", "Service", "DaemonSet")),
                    k + ": " + kinds);
            for (Manifests.Doc d : docs) {
                Set<ValidationMessage> errors = Manifests.validate(d.node());
                assertTrue(errors.isEmpty(), k.getFileName() + " " + d + ": " + errors);
            }
            JsonNode pod = Manifests.only(docs, "DaemonSet").node().at("/spec/template/spec");
            // no runtime socket may be required: a node with any subset of them must start the pod
            pod.path("volumes").forEach(v -> {
                if (RUNTIME_HOST_PATHS.contains(v.at("/hostPath/path").asText())) {
                    assertEquals("", v.at("/hostPath/type").asText(), k.getFileName() + " " + v);
                }
            });
            // every runtime socket the config names lies in a mounted host directory
            JsonNode config = agentConfig(docs);
            Set<String> mounts = new TreeSet<>();
            pod.at("/containers/0/volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            for (String rt : List.of("containerd", "crio")) {
                config.at("/runtimes/" + rt + "/sockets").forEach(sock -> assertTrue(mounts.stream()
                        .anyMatch(m -> sock.asText().startsWith(m + "/")), k.getFileName() + ": " + sock + " not mounted"));
            }
            // no mount point inside a read-only volume: the runtime cannot make the directory (EROFS) and the pod never starts
            Set<String> readOnly = new TreeSet<>();
            pod.at("/containers/0/volumeMounts").forEach(m -> {
                if (m.path("readOnly").asBoolean()) {
                    readOnly.add(m.path("mountPath").asText());
                }
            });
            for (String m : mounts) {
                assertFalse(readOnly.stream().anyMatch(ro -> m.startsWith(ro + "/")), k.getFileName() + ": " + m
                        + " is mounted inside the read-only volume at one of " + readOnly);
            }
        }
    }

    private static JsonNode agentConfig(List<Manifests.Doc> docs) {
        Manifests.Doc cm = docs.stream().filter(d -> d.kind().equals("ConfigMap")
                && d.name().startsWith("keelwatch-config-")).findFirst().orElseThrow();
        return Manifests.yaml(cm.node().at("/data/keelwatch.yaml").asText());
    }

    @Test
    void configAndRulesComeFromHashedConfigMapsSoAChangeRollsTheDaemonSet() throws Exception {
        List<Manifests.Doc> base = Manifests.render(dir);
        List<Manifests.Doc> am = Manifests.render(overlays.resolve("alertmanager"));
        String baseName = configMapOf(base, "config");
        String amName = configMapOf(am, "config");
        assertTrue(baseName.matches("keelwatch-config-[a-z0-9]{10}"), baseName);
        assertTrue(!baseName.equals(amName), "another config, another name");
        assertEquals(configMapOf(base, "rules"), configMapOf(am, "rules"), "same rules, same name");
        JsonNode config = agentConfig(am);
        assertEquals(2, config.at("/alertmanager/urls").size());
        assertEquals("prod-eu-1", config.at("/alertmanager/labels/cluster").asText());
        assertTrue(!configMapOf(Manifests.render(overlays.resolve("extra-rules")), "rules")
                .equals(configMapOf(base, "rules")));
    }

    /** The name of the generated ConfigMap the DaemonSet mounts for {@code what} (config or rules), checked to exist. */
    private static String configMapOf(List<Manifests.Doc> docs, String what) {
        JsonNode pod = Manifests.only(docs, "DaemonSet").node().at("/spec/template/spec");
        String name = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(what)) {
                name = v.at("/configMap/name").asText();
            }
        }
        String n = name;
        assertTrue(n != null && docs.stream().anyMatch(d -> d.kind().equals("ConfigMap") && d.name().equals(n)),
                what + " ConfigMap " + n);
        return n;
    }

    @Test
    void localRulesCompileWithTheShippedPack() throws Exception {
        for (Path k : List.of(dir, overlays.resolve("extra-rules"))) {
            Manifests.Doc cm = Manifests.render(k).stream().filter(d -> d.name().startsWith("keelwatch-rules-"))
                    .findFirst().orElseThrow();
            List<io.keelwatch.rules.engine.RuleLoader.RuleText> texts = new java.util.ArrayList<>(
                    io.keelwatch.rules.engine.RuleLoader.defaultPack());
            cm.node().path("data").fields().forEachRemaining(e -> texts.add(
                    new io.keelwatch.rules.engine.RuleLoader.RuleText(e.getKey(), e.getValue().asText())));
            int shipped = io.keelwatch.rules.engine.RuleLoader.compile(
                    io.keelwatch.rules.engine.RuleLoader.defaultPack()).rules().size();
            int all = io.keelwatch.rules.engine.RuleLoader.compile(texts).rules().size();
            assertEquals(k.getFileName().toString().equals("extra-rules") ? shipped + 1 : shipped, all, k.toString());
        }
    }

    @Test
    void overlaysChangeWhatTheySay() throws Exception {
        JsonNode noDocker = Manifests.only(Manifests.render(overlays.resolve("no-docker")), "DaemonSet").node()
                .at("/spec/template/spec");
        noDocker.path("volumes").forEach(v -> assertTrue(!Set.of("docker-sock", "docker-storage").contains(
                v.path("name").asText()), v.toString()));
        noDocker.at("/containers/0/volumeMounts").forEach(m -> assertTrue(!Set.of("/var/run/docker.sock", "/var/lib/docker")
                .contains(m.path("mountPath").asText()), m.toString()));
        JsonNode k3s = Manifests.only(Manifests.render(overlays.resolve("k3s")), "DaemonSet").node()
                .at("/spec/template/spec");
        k3s.path("volumes").forEach(v -> {
            if (v.path("name").asText().equals("containerd-run")) {
                assertEquals("/run/k3s/containerd", v.at("/hostPath/path").asText(), "k3s's containerd directory");
            }
        });
        JsonNode prod = Manifests.only(Manifests.render(overlays.resolve("production")), "DaemonSet").node()
                .at("/spec/template/spec");
        assertEquals("linux", prod.at("/nodeSelector/kubernetes.io~1os").asText());
        assertEquals("1536Mi", prod.at("/containers/0/resources/limits/memory").asText());
        assertEquals(2, prod.path("tolerations").size());
        assertEquals("system-node-critical", prod.path("priorityClassName").asText());
        List<Manifests.Doc> op = Manifests.render(overlays.resolve("prometheus-operator"));
        JsonNode sm = Manifests.only(op, "ServiceMonitor").node();
        JsonNode svc = Manifests.only(op, "Service").node();
        sm.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), svc.at("/metadata/labels").path(e.getKey()), "ServiceMonitor selects the Service"));
        assertEquals(svc.at("/spec/ports/0/name").asText(), sm.at("/spec/endpoints/0/port").asText());
        JsonNode shipped = Manifests.yaml(Files.readString(root.resolve("packaging/prometheus/keelwatch-alerts.yml")));
        assertEquals(shipped.path("groups"), Manifests.only(op, "PrometheusRule").node().at("/spec/groups"),
                "run packaging/kubernetes/sync-prometheus-rules.sh");
    }

    @Test
    void schemaRejectsUnknownFieldsWrongTypesAndCapPrefixedCapabilities() throws Exception {
        JsonNode ds = Manifests.only(Manifests.load(dir), "DaemonSet").node();
        ObjectNode typo = ds.deepCopy();
        ((ObjectNode) typo.at("/spec/template/spec")).put("hostPid", true);
        assertRejected(typo, "hostPid");
        ObjectNode wrongType = ds.deepCopy();
        ((ObjectNode) wrongType.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "9440");
        assertRejected(wrongType, "containerPort");
        ObjectNode capPrefix = ds.deepCopy();
        ((ObjectNode) capPrefix.at("/spec/template/spec/containers/0/securityContext/capabilities"))
                .putArray("add").add("CAP_SYS_ADMIN");
        assertRejected(capPrefix, "add");
        ObjectNode badPath = ds.deepCopy();
        ((ObjectNode) badPath.at("/spec/template/spec/volumes/1/hostPath")).put("type", "Dir");
        assertRejected(badPath, "type");
    }

    private static void assertRejected(JsonNode node, String field) {
        Set<ValidationMessage> errors = Manifests.validate(node);
        assertFalse(errors.isEmpty(), "the schema accepted a broken " + field);
        assertTrue(errors.stream().anyMatch(e -> e.toString().contains(field)), field + " not named in " + errors);
    }

    @Test
    void daemonSetGetsExactlyTheHostAccessTheAgentNeeds() throws Exception {
        JsonNode pod = Manifests.only(Manifests.load(dir), "DaemonSet").node().at("/spec/template/spec");
        assertTrue(pod.path("hostPID").asBoolean(), "hostPID: audit pids and /proc of the host");
        assertTrue(pod.path("hostNetwork").asBoolean(), "hostNetwork: audit netlink lives in the initial netns");
        assertFalse(pod.path("hostIPC").asBoolean(false), "no hostIPC");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no API token");
        JsonNode c = pod.at("/containers/0");
        JsonNode sc = c.path("securityContext");
        assertFalse(sc.path("privileged").asBoolean(true));
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
        assertEquals(Set.of("ALL"), strings(sc.at("/capabilities/drop")));
        assertEquals(Set.of("AUDIT_READ", "AUDIT_CONTROL", "SYS_PTRACE", "DAC_READ_SEARCH"),
                strings(sc.at("/capabilities/add")));
        assertEquals(SystemdUnitTest.unitCapabilities(root), prefixed(strings(sc.at("/capabilities/add"))),
                "the DaemonSet and the systemd unit grant the same capabilities");

        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Map<String, String> hostPaths = new HashMap<>();
        volumes.forEach((n, v) -> {
            if (v.has("hostPath")) {
                hostPaths.put(v.at("/hostPath/path").asText(), n);
            }
        });
        assertEquals(Set.of("/var/lib/keelwatch", "/var/log/audit", "/var/run/docker.sock", "/var/lib/docker",
                "/run/containerd", "/run/crio"), hostPaths.keySet());
        Set<String> mounted = new HashSet<>();
        for (JsonNode m : c.path("volumeMounts")) {
            String name = m.path("name").asText();
            assertTrue(volumes.containsKey(name), "mount of undeclared volume " + name);
            mounted.add(name);
            boolean hostPath = volumes.get(name).has("hostPath");
            boolean state = name.equals(hostPaths.get("/var/lib/keelwatch"));
            if (hostPath && !state) {
                assertTrue(m.path("readOnly").asBoolean(), "host path " + name + " must be mounted read-only");
            }
        }
        assertEquals(volumes.keySet(), mounted, "every volume is mounted, no volume is unused");
        for (JsonNode m : c.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals("/var/lib/docker")) {
                // the overlays of containers started later must show up at the same path (drift, watches)
                assertEquals("HostToContainer", m.path("mountPropagation").asText(), m.toString());
            }
        }
        for (String p : RUNTIME_HOST_PATHS) {
            assertEquals("", volumes.get(hostPaths.get(p)).at("/hostPath/type").asText(), p + ": no check, any node");
        }
    }

    @Test
    void objectsReferToEachOther() throws Exception {
        List<Manifests.Doc> docs = Manifests.load(dir);
        String ns = Manifests.only(docs, "Namespace").name();
        docs.stream().filter(d -> !d.kind().equals("Namespace"))
                .forEach(d -> assertEquals(ns, d.node().at("/metadata/namespace").asText(), d + " namespace"));
        JsonNode ds = Manifests.only(docs, "DaemonSet").node();
        JsonNode pod = ds.at("/spec/template/spec");
        assertEquals(Manifests.only(docs, "ServiceAccount").name(), pod.path("serviceAccountName").asText());
        Set<String> configMaps = new HashSet<>(docs.stream().filter(d -> d.kind().equals("ConfigMap"))
                .map(Manifests.Doc::name).toList());
        pod.path("volumes").forEach(v -> {
            if (v.has("configMap")) {
                assertTrue(configMaps.contains(v.at("/configMap/name").asText()), "ConfigMap " + v);
            }
        });
        JsonNode labels = ds.at("/spec/template/metadata/labels");
        ds.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), labels.path(e.getKey()), "selector " + e.getKey()));
        JsonNode svc = Manifests.only(docs, "Service").node();
        svc.at("/spec/selector").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), labels.path(e.getKey()), "Service selector " + e.getKey()));
        Map<String, Integer> ports = new HashMap<>();
        pod.at("/containers/0/ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        JsonNode sp = svc.at("/spec/ports/0");
        assertTrue(ports.containsKey(sp.path("targetPort").asText()), "Service targetPort names a container port");
        assertEquals(ports.get(sp.path("targetPort").asText()), sp.path("port").asInt());
    }

    @Test
    void agentConfigInTheConfigMapUsesOnlyDocumentedSettingsAndTheMetricsPort() throws Exception {
        List<Manifests.Doc> docs = Manifests.load(dir);
        JsonNode cm = docs.stream().filter(d -> d.name().startsWith("keelwatch-config-")).findFirst().orElseThrow().node();
        JsonNode config = Manifests.yaml(cm.at("/data/keelwatch.yaml").asText());
        JsonNode documented = Manifests.yaml(Files.readString(root.resolve("packaging/keelwatch.yaml")));
        assertKnown("", config, documented);
        String listen = config.at("/metrics/listen").asText();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        JsonNode pod = Manifests.only(docs, "DaemonSet").node().at("/spec/template/spec");
        assertEquals(port, pod.at("/containers/0/ports/0/containerPort").asInt());
        assertTrue(listen.startsWith("0.0.0.0:"), "probes and the Service reach the agent on the node IP");
    }

    private static void assertKnown(String path, JsonNode config, JsonNode documented) {
        config.fields().forEachRemaining(e -> {
            String p = path + "/" + e.getKey();
            assertTrue(documented.has(e.getKey()), "setting " + p + " is not in packaging/keelwatch.yaml");
            if (e.getValue().isObject() && documented.get(e.getKey()).isObject()
                    && documented.get(e.getKey()).size() > 0) {
                assertKnown(p, e.getValue(), documented.get(e.getKey()));
            }
        });
    }

    @Test
    void prometheusRulesConfigMapCarriesTheShippedRulesVerbatimAndPromtoolAcceptsThem() throws Exception {
        Path shipped = root.resolve("packaging/prometheus/keelwatch-alerts.yml");
        JsonNode cm = Manifests.load(dir).stream().filter(d -> d.name().equals("keelwatch-prometheus-rules"))
                .findFirst().orElseThrow().node();
        String embedded = cm.at("/data/keelwatch-alerts.yml").asText();
        assertEquals(Files.readString(shipped).strip(), embedded.strip(),
                "run packaging/kubernetes/sync-prometheus-rules.sh");
        Path tmp = Files.createTempFile("keelwatch-alerts", ".yml");
        try {
            Files.writeString(tmp, embedded);
            Cmd.Result r = Cmd.run("promtool", "check", "rules", tmp.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Set<String> strings(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static Set<String> prefixed(Set<String> caps) {
        Set<String> s = new TreeSet<>();
        caps.forEach(c -> s.add("CAP_" + c));
        return s;
    }
}
