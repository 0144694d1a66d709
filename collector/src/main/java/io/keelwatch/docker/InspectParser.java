package io.keelwatch.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ExecSession;
import io.keelwatch.container.Mount;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Raw {@code docker inspect} / {@code docker image inspect} JSON to the runtime-neutral model. Runs
 * once per container start, not per event, so a JSON tree is fine here.
 */
public final class InspectParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Docker's zero time: "never" (a created container's StartedAt). */
    private static final String ZERO_TIME_PREFIX = "0001-01-01";

    private InspectParser() {
    }

    /**
     * One container's inspect document (the object, or a one-element array as the CLI prints it).
     * {@code imageCreated} stays {@code null}: it comes from the image ({@link #image}).
     *
     * @throws InspectFormatException naming the field that is missing or malformed
     */
    public static ContainerInfo container(String json) {
        JsonNode root = single(read(json));
        String id = text(root, "Id");
        if (id.isEmpty()) {
            throw new InspectFormatException("Id", "missing in container inspect document");
        }
        JsonNode host = root.path("HostConfig");
        JsonNode config = root.path("Config");
        JsonNode state = root.path("State");
        JsonNode layers = root.path("GraphDriver").path("Data");
        String name = text(root, "Name");
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        String seccomp = "";
        String apparmor = text(root, "AppArmorProfile");
        for (JsonNode opt : host.path("SecurityOpt")) {
            String o = opt.asText();
            // Docker stores "seccomp=unconfined"; old clients sent "seccomp:unconfined".
            int sep = indexOfSeparator(o);
            if (sep < 0) {
                continue;
            }
            String key = o.substring(0, sep);
            String value = o.substring(sep + 1);
            if (key.equals("seccomp")) {
                // A profile given as a file is stored inline as its JSON text.
                seccomp = value.startsWith("{") ? "custom" : value;
            } else if (key.equals("apparmor")) {
                apparmor = value;
            }
        }
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode m : root.path("Mounts")) {
            mounts.add(new Mount(text(m, "Type"), text(m, "Source"), text(m, "Destination"),
                    m.path("RW").asBoolean(false), text(m, "Propagation")));
        }
        List<String> devices = new ArrayList<>();
        for (JsonNode d : host.path("Devices")) {
            devices.add(text(d, "PathOnHost"));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ContainerInfo(id, name, text(config, "Image"), text(root, "Image"), null,
                time(root, "Created"), time(state, "StartedAt"), host.path("Privileged").asBoolean(false),
                capabilities(host.path("CapAdd")), capabilities(host.path("CapDrop")), seccomp, apparmor,
                text(host, "PidMode"), text(host, "NetworkMode"), text(host, "IpcMode"), text(host, "UsernsMode"),
                mounts, devices, text(config, "User"), labels,
                state.path("Running").asBoolean(false) ? state.path("Pid").asInt(0) : 0,
                texts(host.path("MaskedPaths")), texts(host.path("ReadonlyPaths")),
                text(layers, "UpperDir"))
                .withLowerDirs(lowerDirs(text(layers, "LowerDir")));
    }

    /** overlay2's LowerDir: host paths joined by ':' (topmost first). */
    private static List<String> lowerDirs(String lower) {
        List<String> out = new ArrayList<>();
        for (String l : lower.split(":")) {
            if (l.startsWith("/")) {
                out.add(l);
            }
        }
        return out;
    }

    /** Whether the inspect document says the container is running. */
    public static boolean running(String json) {
        return single(read(json)).path("State").path("Running").asBoolean(false);
    }

    /**
     * One image's inspect document.
     *
     * @throws InspectFormatException naming the field that is missing or malformed
     */
    public static ImageInfo image(String json) {
        JsonNode root = single(read(json));
        String id = text(root, "Id");
        if (id.isEmpty()) {
            throw new InspectFormatException("Id", "missing in image inspect document");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : root.path("RepoTags")) {
            tags.add(t.asText());
        }
        return new ImageInfo(id, time(root, "Created"), tags);
    }

    /**
     * One exec session's inspect document ({@code GET /exec/ID/json}).
     *
     * @throws InspectFormatException naming the field that is missing or malformed
     */
    public static ExecSession exec(String json) {
        JsonNode root = single(read(json));
        String id = text(root, "ID");
        if (id.isEmpty()) {
            throw new InspectFormatException("ID", "missing in exec inspect document");
        }
        JsonNode pc = root.path("ProcessConfig");
        if (!pc.isObject()) {
            throw new InspectFormatException("ProcessConfig", "missing in exec inspect document");
        }
        List<String> command = new ArrayList<>();
        String entrypoint = text(pc, "entrypoint");
        if (!entrypoint.isEmpty()) {
            command.add(entrypoint);
        }
        command.addAll(texts(pc.path("arguments")));
        return new ExecSession(id, pc.path("privileged").asBoolean(false), text(pc, "user"),
                pc.path("tty").asBoolean(false), command);
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(n.asText());
        }
        return out;
    }

    /** {@code sys_admin}, {@code CAP_SYS_ADMIN} and {@code SYS_ADMIN} all become {@code SYS_ADMIN}. */
    static List<String> capabilities(JsonNode list) {
        List<String> caps = new ArrayList<>();
        for (JsonNode c : list) {
            String cap = c.asText().toUpperCase(Locale.ROOT);
            caps.add(cap.startsWith("CAP_") ? cap.substring(4) : cap);
        }
        return caps;
    }

    private static int indexOfSeparator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static JsonNode read(String json) {
        if (json == null) {
            throw new InspectFormatException("$", "no document");
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InspectFormatException("$", "not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode single(JsonNode root) {
        if (root.isArray()) {
            if (root.size() != 1) {
                throw new InspectFormatException("$", "expected one document, found " + root.size());
            }
            return root.get(0);
        }
        if (!root.isObject()) {
            throw new InspectFormatException("$", "expected an object");
        }
        return root;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String t = text(node, field);
        if (t.isEmpty() || t.startsWith(ZERO_TIME_PREFIX)) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new InspectFormatException(field, "not an RFC 3339 time: " + t);
        }
    }
}
