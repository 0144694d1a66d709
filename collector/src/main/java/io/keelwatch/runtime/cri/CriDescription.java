package io.keelwatch.runtime.cri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.runtime.OciSpec;
import io.keelwatch.runtime.RuntimeAnswerException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the document {@link CriClient#describe} answers ({@code ContainerStatus} and its pod's
 * {@code PodSandboxStatus}, verbose) into a runtime-neutral {@link ContainerInfo}. The verbose info is
 * runtime-specific JSON; containerd and CRI-O both put the OCI runtime spec ({@code runtimeSpec}), the
 * pid and the sandbox id there, containerd the CRI config it was created with ({@code config}) and
 * CRI-O a {@code privileged} flag.
 */
public final class CriDescription {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A container as a CRI runtime describes it, and whether it runs. */
    public record Described(ContainerInfo info, boolean running, String sandboxId) { }

    private CriDescription() { }

    /** @throws RuntimeAnswerException naming the part when the document is not one {@link CriClient} writes */
    public static Described read(String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RuntimeAnswerException("cri", "$", "not JSON: " + e.getOriginalMessage());
        }
        if (doc == null || !doc.isObject() || !doc.path("status").path("status").isObject()) {
            throw new RuntimeAnswerException("cri", "status.status", "missing");
        }
        String runtime = doc.path("runtime").asText("");
        JsonNode s = doc.path("status").path("status");
        String id = s.path("id").asText("");
        if (id.isEmpty()) {
            throw new RuntimeAnswerException(runtime, "status.status.id", "missing");
        }
        JsonNode info = verboseInfo(doc.path("status").path("info"), runtime);
        OciSpec spec = OciSpec.read(info.path("runtimeSpec"));
        JsonNode sandbox = doc.path("sandbox").path("status");
        Map<String, String> labels = strings(s.path("labels"));
        JsonNode meta = sandbox.path("metadata");
        // the kubelet labels containers with their pod; a client that did not is filled in from the sandbox
        putIfAbsent(labels, ContainerInfo.K8S_POD_NAME, meta.path("name").asText(""));
        putIfAbsent(labels, ContainerInfo.K8S_POD_NAMESPACE, meta.path("namespace").asText(""));
        putIfAbsent(labels, ContainerInfo.K8S_POD_UID, meta.path("uid").asText(""));
        putIfAbsent(labels, ContainerInfo.K8S_CONTAINER_NAME, s.path("metadata").path("name").asText(""));
        Map<String, String> podLabels = new HashMap<>();
        strings(sandbox.path("labels")).forEach((k, v) -> {
            if (!k.startsWith("io.kubernetes.")) {
                podLabels.put(k, v);
            }
        });
        String state = s.path("state").asText("CONTAINER_CREATED");
        boolean running = state.equals("CONTAINER_RUNNING");
        boolean privileged = info.path("privileged").asBoolean(false)
                || info.path("config").path("linux").path("security_context").path("privileged").asBoolean(false)
                || spec.looksPrivileged();
        List<Mount> mounts = spec.mounts();
        if (!info.path("runtimeSpec").isObject()) {
            mounts = statusMounts(s.path("mounts"));
        }
        JsonNode podNs = sandbox.path("linux").path("namespaces").path("options");
        String network = "NODE".equals(podNs.path("network").asText("")) ? "host" : spec.networkMode();
        String pidMode = "NODE".equals(podNs.path("pid").asText("")) ? "host" : spec.pidMode();
        String ipcMode = "NODE".equals(podNs.path("ipc").asText("")) ? "host" : spec.ipcMode();
        String imageRef = s.path("image_ref").asText("");
        return new Described(new ContainerInfo(id, s.path("metadata").path("name").asText(id),
                s.path("image").path("image").asText(""), imageRef, null, nanos(s.path("created_at")),
                nanos(s.path("started_at")), privileged, spec.capAdd(), spec.capDrop(), spec.seccomp(),
                spec.apparmor(), pidMode, network, ipcMode, spec.usernsMode(), mounts, spec.devices(), spec.user(),
                labels, running ? info.path("pid").asInt(0) : 0, spec.maskedPaths(), spec.readonlyPaths(), "", List.of(),
                runtime, podLabels), running, info.path("sandboxID").asText(""));
    }

    /** The {@code info} entry of a verbose status: JSON carried as a string value. */
    static JsonNode verboseInfo(JsonNode infoMap, String runtime) {
        JsonNode text = infoMap.path("info");
        if (!text.isTextual()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text.asText());
        } catch (JsonProcessingException e) {
            throw new RuntimeAnswerException(runtime, "info.info", "not JSON: " + e.getOriginalMessage());
        }
    }

    private static List<Mount> statusMounts(JsonNode mounts) {
        List<Mount> out = new ArrayList<>();
        for (JsonNode m : mounts) {
            String propagation = switch (m.path("propagation").asText("PROPAGATION_PRIVATE")) {
                case "PROPAGATION_HOST_TO_CONTAINER" -> "rslave";
                case "PROPAGATION_BIDIRECTIONAL" -> "rshared";
                default -> "rprivate";
            };
            out.add(new Mount("bind", m.path("host_path").asText(""), m.path("container_path").asText(""),
                    !m.path("readonly").asBoolean(false), propagation));
        }
        return out;
    }

    private static void putIfAbsent(Map<String, String> m, String k, String v) {
        if (!v.isEmpty()) {
            m.putIfAbsent(k, v);
        }
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** CRI times are ns since the epoch; protobuf JSON writes int64 as a string. 0 is "not yet". */
    static Instant nanos(JsonNode n) {
        long v = n.asLong(0);
        return v <= 0 ? null : Instant.ofEpochSecond(v / 1_000_000_000L, v % 1_000_000_000L);
    }
}
