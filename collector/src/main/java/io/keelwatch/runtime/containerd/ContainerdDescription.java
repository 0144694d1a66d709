package io.keelwatch.runtime.containerd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.runtime.OciSpec;
import io.keelwatch.runtime.RuntimeAnswerException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the document {@link ContainerdClient#describe} answers (the containers, tasks and images
 * services' answers for one container) into a runtime-neutral {@link ContainerInfo}. A container the
 * kubelet made through containerd's CRI plugin carries the CRI labels ({@code io.kubernetes.pod.*});
 * its pod's labels are those of its sandbox container, less the CRI's own.
 */
public final class ContainerdDescription {
    /** The OCI spec annotation that names a CRI container's pod sandbox. */
    public static final String SANDBOX_ID_ANNOTATION = "io.kubernetes.cri.sandbox-id";
    /** {@code sandbox} or {@code container}: what the CRI plugin made. */
    public static final String CRI_KIND_LABEL = "io.cri-containerd.kind";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A container as containerd describes it, and whether its task runs. */
    public record Described(ContainerInfo info, boolean running, String namespace) { }

    private ContainerdDescription() { }

    /**
     * @throws RuntimeAnswerException naming the part when the document is not one {@link ContainerdClient} writes
     */
    public static Described read(String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RuntimeAnswerException("containerd", "$", "not JSON: " + e.getOriginalMessage());
        }
        if (doc == null || !doc.isObject() || !doc.path("container").isObject()) {
            throw new RuntimeAnswerException("containerd", "container", "missing");
        }
        JsonNode c = doc.path("container");
        String id = c.path("id").asText("");
        if (id.isEmpty()) {
            throw new RuntimeAnswerException("containerd", "container.id", "missing");
        }
        Map<String, String> labels = strings(c.path("labels"));
        OciSpec spec = OciSpec.read(c.path("spec"));
        JsonNode task = doc.path("task");
        int pid = task.path("pid").asInt(0);
        String status = task.path("status").asText("");
        boolean running = status.equals("RUNNING") || status.equals("PAUSED");
        String name = labels.getOrDefault(ContainerInfo.K8S_CONTAINER_NAME, "");
        if (name.isEmpty()) {
            // a pod sandbox (pause) container has no container name: it is the pod's
            name = labels.getOrDefault(ContainerInfo.K8S_POD_NAME, id);
        }
        Map<String, String> podLabels = new HashMap<>();
        JsonNode sandbox = doc.path("sandbox").isObject() ? doc.path("sandbox")
                : "sandbox".equals(labels.get(CRI_KIND_LABEL)) ? c : null;
        if (sandbox != null) {
            strings(sandbox.path("labels")).forEach((k, v) -> {
                if (!k.startsWith("io.kubernetes.") && !k.startsWith("io.cri-containerd.")) {
                    podLabels.put(k, v);
                }
            });
        }
        String imageId = doc.path("image").path("target").path("digest").asText("");
        return new Described(new ContainerInfo(id, name, c.path("image").asText(""), imageId, null,
                time(c.path("created_at")), null, spec.looksPrivileged(), spec.capAdd(), spec.capDrop(),
                spec.seccomp(), spec.apparmor(), spec.pidMode(), spec.networkMode(), spec.ipcMode(),
                spec.usernsMode(), spec.mounts(), spec.devices(), spec.user(), labels, running ? pid : 0,
                spec.maskedPaths(), spec.readonlyPaths(), "", java.util.List.of(), ContainerInfo.CONTAINERD, podLabels), running,
                doc.path("namespace").asText(""));
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Protobuf JSON writes a Timestamp as RFC 3339 text. */
    static Instant time(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
