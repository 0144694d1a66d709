package io.keelwatch.alert;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import io.keelwatch.rules.engine.Category;
import io.keelwatch.rules.engine.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alerts for tests, shaped like what the pipeline produces. */
public final class AlertFixtures {
    private AlertFixtures() { }

    public static ContainerInfo container(String name) {
        String id = AlertKeys.hash(name).repeat(4);
        return new ContainerInfo(id, name, "local/busybox:1", "sha256:" + id, null, Instant.EPOCH, Instant.EPOCH,
                false, List.of("SYS_ADMIN"), List.of(), "", "", "", "bridge", "", "",
                List.of(new Mount("bind", "/etc", "/host/etc", true, "rprivate")), List.of(), "",
                Map.of(ContainerInfo.K8S_POD_NAME, "web-0", ContainerInfo.K8S_POD_NAMESPACE, "shop"), 4242, List.of(), List.of(), "");
    }

    /** An alert of {@code rule} in {@code container} for a write to {@code file}, at {@code ms} log time. */
    public static Alert alert(String rule, String container, String file, long ms, long serial) {
        ContainerInfo c = container == null ? null : container(container);
        ProcessInfo sh = new ProcessInfo(100, 1, 99, "/bin/sh", "sh", List.of("sh", "-c", "echo x > " + file),
                "/", 0, c == null ? null : c.id());
        ProcessInfo init = new ProcessInfo(99, 1, 1, "/bin/busybox", "init", List.of("init"), "/", 0,
                c == null ? null : c.id());
        Map<String, String> fields = Map.of("fd.name", file, "proc.pid", Long.toString(100 + serial),
                "container.name", container == null ? "host" : container);
        String eventId = (ms / 1000) + "." + String.format("%03d", ms % 1000) + ":" + serial;
        return new Alert(AlertKeys.id("h1", rule, eventId),
                AlertKeys.repeatKey(rule, c == null ? "" : c.id(), fields, Set.of("proc.pid")),
                Instant.ofEpochMilli(ms), rule, Priority.CRITICAL, Category.CONTAINER_ESCAPE, List.of("T1611", "container"),
                "Write below host /etc (file=" + file + ")", "A container wrote below a host mount.", "h1", c,
                new ProcessContext(sh, List.of(init)),
                new Alert.Event(eventId, "openat", "success", 3, List.of("kw_write")), fields, null);
    }
}
