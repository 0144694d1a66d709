package io.keelwatch.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.keelwatch.rules.engine.Priority;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert in Falco's JSON output format, the document Falco writes with {@code json_output: true} and
 * falcosidekick reads on its {@code /} endpoint:
 *
 * <pre>
 *   output         "HH:MM:SS.nnnnnnnnn: Priority text", the rule's rendered output behind Falco's prefix
 *   priority       Falco's capitalised name: Emergency, Alert, Critical, Error, Warning, Notice,
 *                  Informational, Debug
 *   rule           the rule's name
 *   time           RFC 3339 in UTC with nanoseconds
 *   output_fields  the values of the output's %fields, keyed by field name; {@code <NA>} is null as in Falco
 *   source         {@code syscall} for events, {@code keelwatch_inventory} for inventory checks
 *   tags           the rule's tags
 *   hostname       the host the input was recorded on
 *   keelwatch      what Falco's format has no place for: id, repeat key, category, description,
 *                  container, process, event, folded repeats
 * </pre>
 *
 * Deterministic like {@link AlertJson}: keys in a fixed order, maps sorted.
 */
public final class FalcoJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS").withZone(ZoneOffset.UTC);
    /** Falco's event source for kernel events. */
    public static final String SOURCE_SYSCALL = "syscall";
    /** Inventory checks have no Falco source; a name of our own keeps them apart downstream. */
    public static final String SOURCE_INVENTORY = "keelwatch_inventory";

    private FalcoJson() { }

    public static String line(Alert a) {
        StringWriter out = new StringWriter(768);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(a, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Falco's capitalised priority name: {@code Warning}, {@code Informational}. */
    public static String priority(Priority p) {
        String n = p.name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    public static void write(Alert a, JsonGenerator g) throws IOException {
        String priority = priority(a.priority());
        g.writeStartObject();
        g.writeStringField("output", CLOCK.format(a.time()) + ": " + priority + " " + a.output());
        g.writeStringField("priority", priority);
        g.writeStringField("rule", a.rule());
        g.writeStringField("time", TIME.format(a.time()));
        g.writeObjectFieldStart("output_fields");
        Map<String, String> fields = new TreeMap<>(a.fields());
        if (fields.isEmpty()) {
            // falcosidekick refuses a payload without output fields; Falco's evt.time (ns since the epoch)
            // is the one field every event has.
            g.writeNumberField("evt.time", nanos(a.time()));
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if ("<NA>".equals(e.getValue())) {
                g.writeNullField(e.getKey());
            } else {
                g.writeStringField(e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
        boolean inventory = a.event() != null && "inventory".equals(a.event().type());
        g.writeStringField("source", inventory ? SOURCE_INVENTORY : SOURCE_SYSCALL);
        AlertJson.strings(g, "tags", a.tags());
        g.writeStringField("hostname", a.host());
        g.writeObjectFieldStart("keelwatch");
        g.writeStringField("id", a.id());
        g.writeStringField("key", a.key());
        g.writeStringField("category", a.category().id());
        g.writeStringField("description", a.description());
        g.writeFieldName("container");
        AlertJson.container(a.container(), g);
        g.writeFieldName("process");
        AlertJson.process(a.process(), g);
        g.writeFieldName("event");
        AlertJson.event(a.event(), g);
        g.writeFieldName("folded");
        if (a.folded() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("count", a.folded().count());
            g.writeStringField("first", TIME.format(a.folded().first()));
            AlertJson.strings(g, "event_ids", a.folded().eventIds());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
