package io.keelwatch.journal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.keelwatch.audit.RecordType;
import io.keelwatch.input.HostInput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a time range of a journal out as a capture bundle or as JSON lines. */
public final class JournalExport {

    /** What was exported. */
    public record Counts(long auditLines, long dockerEvents, long inspectDocuments, long other) {
        public long total() {
            return auditLines + dockerEvents + inspectDocuments + other;
        }
    }

    private JournalExport() {
    }

    /**
     * Writes {@code audit.log}, {@code docker-events.jsonl} and {@code docker-inspect.jsonl} into
     * {@code out} (created when missing): the audit lines as received (netlink messages as the log
     * line auditd would have written), the Docker events, and the last inspect document of each
     * container. Ticks, other lookups and config changes have no place in a bundle and are left out.
     */
    public static Counts toBundle(Path journal, long fromMs, long toMs, Path out) throws IOException, JournalFormatException {
        Files.createDirectories(out);
        long audit = 0;
        long events = 0;
        long other = 0;
        Map<String, String> inspect = new LinkedHashMap<>();
        try (JournalReader r = JournalReader.open(journal);
             OutputStream auditOut = new BufferedOutputStream(Files.newOutputStream(out.resolve("audit.log")), 1 << 16);
             OutputStream eventsOut = new BufferedOutputStream(Files.newOutputStream(out.resolve("docker-events.jsonl")))) {
            r.skipBefore(fromMs, l -> { });
            while (r.hasNext()) {
                HostInput in = r.next();
                if (in.receivedAtMs() > toMs) {
                    break;
                }
                if (in instanceof HostInput.AuditLine a) {
                    auditOut.write(a.line());
                    auditOut.write('\n');
                    audit++;
                } else if (in instanceof HostInput.AuditNetlink n) {
                    auditOut.write(("type=" + RecordType.name(n.type()) + " msg=").getBytes(StandardCharsets.US_ASCII));
                    auditOut.write(n.payload());
                    auditOut.write('\n');
                    audit++;
                } else if (in instanceof HostInput.DockerEvent d) {
                    eventsOut.write(d.json().getBytes(StandardCharsets.UTF_8));
                    eventsOut.write('\n');
                    events++;
                } else if (in instanceof HostInput.Lookup l && "docker.inspect".equals(l.kind()) && l.value() != null) {
                    inspect.put(l.key(), l.value());
                } else {
                    other++;
                }
            }
        }
        try (OutputStream inspectOut = new BufferedOutputStream(Files.newOutputStream(out.resolve("docker-inspect.jsonl")))) {
            for (String doc : inspect.values()) {
                inspectOut.write(doc.getBytes(StandardCharsets.UTF_8));
                inspectOut.write('\n');
            }
        }
        return new Counts(audit, events, inspect.size(), other);
    }

    /**
     * Writes one JSON object per input: {@code {"time":MS,"input":"audit_line",...}}. Audit line
     * bytes are written as a string of ISO-8859-1 characters, one per byte, so the export keeps them
     * exactly (audit lines are ASCII in practice).
     */
    public static Counts toJsonLines(Path journal, long fromMs, long toMs, OutputStream out) throws IOException, JournalFormatException {
        long audit = 0;
        long events = 0;
        long inspect = 0;
        long other = 0;
        JsonFactory factory = new JsonFactory();
        try (JournalReader r = JournalReader.open(journal);
             JsonGenerator g = factory.createGenerator(new NonClosing(out), JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            r.skipBefore(fromMs, l -> { });
            while (r.hasNext()) {
                HostInput in = r.next();
                if (in.receivedAtMs() > toMs) {
                    break;
                }
                g.writeStartObject();
                g.writeNumberField("time", in.receivedAtMs());
                if (in instanceof HostInput.AuditLine a) {
                    g.writeStringField("input", "audit_line");
                    g.writeStringField("source", a.source());
                    g.writeStringField("line", new String(a.line(), StandardCharsets.ISO_8859_1));
                    audit++;
                } else if (in instanceof HostInput.AuditNetlink n) {
                    g.writeStringField("input", "audit_netlink");
                    g.writeNumberField("type", n.type());
                    g.writeStringField("payload", new String(n.payload(), StandardCharsets.ISO_8859_1));
                    audit++;
                } else if (in instanceof HostInput.DockerEvent d) {
                    g.writeStringField("input", "docker_event");
                    g.writeStringField("json", d.json());
                    events++;
                } else if (in instanceof HostInput.RuntimeEvent re) {
                    g.writeStringField("input", "runtime_event");
                    g.writeStringField("source", re.source());
                    g.writeStringField("json", re.json());
                    events++;
                } else if (in instanceof HostInput.Lookup l) {
                    g.writeStringField("input", "lookup");
                    g.writeStringField("kind", l.kind());
                    g.writeStringField("key", l.key());
                    g.writeStringField("value", l.value());
                    if ("docker.inspect".equals(l.kind())) {
                        inspect++;
                    } else {
                        other++;
                    }
                } else if (in instanceof HostInput.Tick) {
                    g.writeStringField("input", "tick");
                    other++;
                } else if (in instanceof HostInput.ConfigChange c) {
                    g.writeStringField("input", "config_change");
                    g.writeStringField("what", c.what());
                    g.writeStringField("content", c.content());
                    other++;
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        out.flush();
        return new Counts(audit, events, inspect, other);
    }

    /** Lets the generator be closed without closing stdout. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
