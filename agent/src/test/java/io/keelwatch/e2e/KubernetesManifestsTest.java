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

/** The DaemonSet and its companions: valid Kubernetes objects, wired to each other, granting only what is needed. */
class KubernetesManifestsTest {

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final Path dir = root.resolve("packaging/kubernetes");

    @Test
    void everyManifestIsAValidKubernetesObject() throws Exception {
        List<Manifests.Doc> docs = Manifests.load(dir);
        assertEquals(Set.of("Namespace", "ServiceAccount", "ConfigMap", "Service", "DaemonSet"),
                new TreeSet<>(docs.stream().map(Manifests.Doc::kind).toList()));
        for (Manifests.Doc d : docs) {
            Set<ValidationMessage> errors = Manifests.validate(d.node());
            assertTrue(errors.isEmpty(), d + ": " + errors);
        }
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
        assertEquals(Set.of("/var/lib/keelwatch", "/var/log/audit", "/var/run/docker.sock"), hostPaths.keySet());
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
        assertEquals("Socket", volumes.get(hostPaths.get("/var/run/docker.sock")).at("/hostPath/type").asText());
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
        JsonNode cm = docs.stream().filter(d -> d.name().equals("keelwatch-config")).findFirst().orElseThrow().node();
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
