package io.keelwatch.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert's JSON line: one object, keys in a fixed order, maps sorted, times in UTC with milliseconds,
 * so the same alert always gives the same bytes.
 */
public final class AlertJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AlertJson() { }

    /** The alert as one line of JSON, without the newline. */
    public static String line(Alert a) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(a, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    public static void write(Alert a, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", time(a.time()));
        g.writeStringField("id", a.id());
        g.writeStringField("key", a.key());
        g.writeStringField("rule", a.rule());
        g.writeStringField("priority", a.priority().lowerName());
        g.writeStringField("category", a.category().id());
        g.writeArrayFieldStart("tags");
        for (String t : a.tags()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeStringField("output", a.output());
        g.writeStringField("host", a.host());
        g.writeFieldName("container");
        container(a.container(), g);
        g.writeFieldName("process");
        process(a.process(), g);
        g.writeFieldName("event");
        event(a.event(), g);
        g.writeObjectFieldStart("fields");
        for (Map.Entry<String, String> e : new TreeMap<>(a.fields()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeFieldName("folded");
        if (a.folded() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("count", a.folded().count());
            g.writeStringField("first", time(a.folded().first()));
            strings(g, "event_ids", a.folded().eventIds());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void container(ContainerInfo c, JsonGenerator g) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("name", c.name());
        g.writeStringField("image", c.image());
        g.writeStringField("image_id", c.imageId());
        g.writeBooleanField("privileged", c.privileged());
        strings(g, "cap_add", c.capAdd());
        g.writeArrayFieldStart("mounts");
        for (Mount m : c.mounts()) {
            g.writeStartObject();
            g.writeStringField("source", m.source());
            g.writeStringField("destination", m.destination());
            g.writeBooleanField("rw", m.readWrite());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!c.runtime().isEmpty() && !c.runtime().equals(ContainerInfo.DOCKER)) {
            // Docker's alerts stay as they were (their recorded expectations carry no runtime)
            g.writeStringField("runtime", c.runtime());
        }
        if (!c.podName().isEmpty()) {
            g.writeStringField("k8s_namespace", c.podNamespace());
            g.writeStringField("k8s_pod", c.podName());
            if (!c.podUid().isEmpty()) {
                g.writeStringField("k8s_pod_uid", c.podUid());
            }
            if (!c.podLabels().isEmpty()) {
                g.writeObjectFieldStart("k8s_pod_labels");
                for (Map.Entry<String, String> e : new TreeMap<>(c.podLabels()).entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    static void process(ProcessContext p, JsonGenerator g) throws IOException {
        if (p == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        ProcessInfo s = p.self();
        g.writeNumberField("pid", s.pid());
        g.writeNumberField("ppid", s.ppid());
        g.writeStringField("exe", s.exe());
        g.writeStringField("name", s.name());
        g.writeStringField("cmdline", s.cmdline());
        g.writeNumberField("uid", s.uid());
        g.writeArrayFieldStart("ancestors");
        for (ProcessInfo a : p.ancestors()) {
            g.writeStartObject();
            g.writeNumberField("pid", a.pid());
            g.writeStringField("exe", a.exe());
            g.writeStringField("name", a.name());
            g.writeStringField("cmdline", a.cmdline());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void event(Alert.Event e, JsonGenerator g) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("type", e.type());
        g.writeStringField("result", e.result());
        g.writeNumberField("exit", e.exit());
        strings(g, "keys", e.keys());
        g.writeEndObject();
    }

    static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
