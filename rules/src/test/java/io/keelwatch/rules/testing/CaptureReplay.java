package io.keelwatch.rules.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLogReader;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Turns a captured bundle (audit.log.gz + docker-inspect.jsonl.gz) into enriched events with a
 * minimal process table and container attribution of its own (by container init pid and ppid
 * inheritance), so the rules can be run over real traffic before the agent's pipeline exists.
 */
public final class CaptureReplay {
    private final Map<Integer, ContainerInfo> containerByInitPid = new HashMap<>();
    private final Map<Integer, ContainerInfo> containerOf = new HashMap<>();
    private final Map<Integer, ProcessInfo> processes = new HashMap<>();
    private final List<ContainerInfo> containers = new ArrayList<>();
    private long lastTimeMs;

    public CaptureReplay(Path inspectJsonlGz) throws IOException {
        ObjectMapper om = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(inspectJsonlGz)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    ContainerInfo ci = fromInspect(om.readTree(line));
                    containers.add(ci);
                    if (ci.initPid() > 0) {
                        containerByInitPid.put(ci.initPid(), ci);
                    }
                }
            }
        }
    }

    public List<ContainerInfo> containers() {
        return containers;
    }

    public long lastTimeMs() {
        return lastTimeMs;
    }

    static ContainerInfo fromInspect(JsonNode n) {
        JsonNode hc = n.path("HostConfig");
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode m : n.path("Mounts")) {
            mounts.add(new Mount(m.path("Type").asText(), m.path("Source").asText(), m.path("Destination").asText(),
                    m.path("RW").asBoolean(), m.path("Propagation").asText()));
        }
        String started = n.path("State").path("StartedAt").asText(null);
        return new ContainerInfo(n.path("Id").asText(), n.path("Name").asText().replaceFirst("^/", ""),
                n.path("Config").path("Image").asText(), n.path("Image").asText(), null,
                Instant.parse(n.path("Created").asText()), started == null ? null : Instant.parse(started),
                hc.path("Privileged").asBoolean(), strings(hc.path("CapAdd")), strings(hc.path("CapDrop")), "", "",
                hc.path("PidMode").asText(""), hc.path("NetworkMode").asText(""), hc.path("IpcMode").asText(""),
                hc.path("UsernsMode").asText(""), mounts, List.of(), n.path("Config").path("User").asText(""), Map.of(),
                n.path("State").path("Pid").asInt(), strings(hc.path("MaskedPaths")), strings(hc.path("ReadonlyPaths")),
                n.path("GraphDriver").path("Data").path("UpperDir").asText(""));
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : a) {
            out.add(x.asText());
        }
        return out;
    }

    /** Reads the audit log and hands every syscall event, enriched, to {@code sink}. Returns the event count. */
    public long replay(Path auditLog, Consumer<EnrichedEvent> sink) throws IOException {
        long[] n = {0};
        Reassembler reassembler = new Reassembler((AuditEvent e) -> {
            if (e instanceof SyscallEvent s) {
                n[0]++;
                sink.accept(enrich(s));
            }
        });
        AuditLogReader reader = new AuditLogReader(reassembler::add, err -> { });
        reader.read(auditLog);
        reassembler.flush();
        return n[0];
    }

    private EnrichedEvent enrich(SyscallEvent s) {
        lastTimeMs = Math.max(lastTimeMs, s.id().timestampMs());
        int pid = s.task().pid();
        int ppid = s.task().ppid();
        ContainerInfo c = containerOf.get(pid);
        if (c == null) {
            c = containerByInitPid.get(pid);
            if (c == null) {
                c = containerOf.get(ppid);
            }
            if (c != null) {
                containerOf.put(pid, c);
            }
        }
        ProcessInfo self = processes.get(pid);
        if (self == null || s.call().name().startsWith("execve") && !s.call().failed()) {
            self = new ProcessInfo(pid, s.id().timestampMs(), ppid, s.task().exe(), s.task().comm(),
                    s.argv().isEmpty() && self != null ? self.argv() : s.argv(), s.cwd(), s.task().uid(),
                    c == null ? null : c.id());
            processes.put(pid, self);
        }
        List<ProcessInfo> ancestors = new ArrayList<>();
        ProcessInfo p = processes.get(ppid);
        int guard = 0;
        while (p != null && guard++ < 16) {
            ancestors.add(p);
            p = p.ppid() == p.pid() ? null : processes.get(p.ppid());
        }
        return new EnrichedEvent(s, new ProcessContext(self, ancestors), c);
    }
}
