package io.keelwatch.runtime.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.LifecycleEvent;
import io.keelwatch.input.HostInput;
import io.keelwatch.runtime.RuntimeAnswerException;
import io.keelwatch.runtime.RuntimeLookups;
import io.keelwatch.runtime.containerd.ContainerdClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns a journaled {@link HostInput.RuntimeEvent} into the registry's runtime-neutral
 * {@link LifecycleEvent}: containerd's topics ({@code /containers/create}, {@code /tasks/start},
 * {@code /tasks/exit} of a container's init process, {@code /containers/delete}, ...) and the CRI's
 * event types. Events of Docker's containerd namespace are left to Docker's own stream; anything else
 * that says nothing about a container's lifecycle is ignored. Counts what it decodes, ignores and
 * cannot read.
 *
 * <p>Not thread-safe: the pipeline's thread owns it; the counters may be read from any thread.
 */
public final class RuntimeEventDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile long decoded;
    private volatile long ignored;
    private volatile long malformed;
    private volatile String lastError = "";

    /** The lifecycle change the event reports, or {@code null} when it reports none (or is unreadable: counted). */
    public LifecycleEvent decode(HostInput.RuntimeEvent event) {
        try {
            LifecycleEvent e = read(event.source(), event.json());
            if (e == null) {
                ignored++;
            } else {
                decoded++;
            }
            return e;
        } catch (RuntimeAnswerException e) {
            malformed++;
            lastError = e.getMessage();
            return null;
        }
    }

    /** @throws RuntimeAnswerException naming the part that is not what the runtime writes */
    static LifecycleEvent read(String source, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RuntimeAnswerException(source, "$", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RuntimeAnswerException(source, "$", "expected an object");
        }
        if (source.equals(RuntimeLookups.CONTAINERD_ENDPOINT)) {
            return containerd(root);
        }
        if (source.startsWith(RuntimeLookups.CRI_ENDPOINT)) {
            return cri(source.substring(RuntimeLookups.CRI_ENDPOINT.length()), root);
        }
        throw new RuntimeAnswerException(source, "source", "unknown runtime event source");
    }

    private static LifecycleEvent containerd(JsonNode root) {
        String topic = root.path("topic").asText("");
        if (topic.isEmpty()) {
            throw new RuntimeAnswerException("containerd", "topic", "missing");
        }
        if (ContainerdClient.MOBY.equals(root.path("namespace").asText(""))) {
            return null;
        }
        JsonNode e = root.path("event");
        long at = rfc3339Nanos(root.path("timestamp"));
        String containerId = e.path("container_id").asText("");
        return switch (topic) {
            case "/containers/create" -> of(e.path("id").asText(""), "create", at);
            case "/containers/update" -> of(e.path("id").asText(""), "update", at);
            case "/containers/delete" -> of(e.path("id").asText(""), "destroy", at);
            case "/tasks/start" -> of(containerId, "start", at);
            case "/tasks/exec-started" -> of(containerId, "exec_start", at);
            // the init process's exit ends the container; an exec'd process's does not (its id is the exec id)
            case "/tasks/exit" -> {
                String processId = e.path("id").asText("");
                yield processId.isEmpty() || processId.equals(containerId) ? of(containerId, "die", at) : null;
            }
            default -> null;
        };
    }

    private static LifecycleEvent cri(String runtime, JsonNode root) {
        String id = root.path("container_id").asText("");
        if (id.isEmpty()) {
            throw new RuntimeAnswerException(runtime, "container_id", "missing");
        }
        long at = root.path("created_at").asLong(0);
        // protobuf's JSON leaves out an enum's first value: no type is CONTAINER_CREATED_EVENT
        String verb = switch (root.path("container_event_type").asText("CONTAINER_CREATED_EVENT")) {
            case "CONTAINER_CREATED_EVENT" -> "create";
            case "CONTAINER_STARTED_EVENT" -> "start";
            case "CONTAINER_STOPPED_EVENT" -> "die";
            case "CONTAINER_DELETED_EVENT" -> "destroy";
            default -> throw new RuntimeAnswerException(runtime, "container_event_type",
                    "unknown: " + root.path("container_event_type").asText());
        };
        return new LifecycleEvent(id, verb, runtime, at);
    }

    private static LifecycleEvent of(String id, String verb, long at) {
        if (id.isEmpty()) {
            throw new RuntimeAnswerException("containerd", "event.id", "missing for " + verb);
        }
        return new LifecycleEvent(id, verb, ContainerInfo.CONTAINERD, at);
    }

    private static long rfc3339Nanos(JsonNode n) {
        if (!n.isTextual()) {
            return 0;
        }
        try {
            Instant t = Instant.parse(n.asText());
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    public long decoded() {
        return decoded;
    }

    public long ignored() {
        return ignored;
    }

    public long malformed() {
        return malformed;
    }

    public String lastError() {
        return lastError;
    }
}
