package io.keelwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.rules.engine.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FalcoJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void falcosJsonOutputKeysWithKeelwatchExtrasUnderTheirOwnKey() throws Exception {
        Alert a = AlertFixtures.alert("Write below host etc", "web", "/host/etc/cron.d/x", 1_764_000_000_123L, 77);
        String line = FalcoJson.line(a);
        assertFalse(line.contains("\n"));
        JsonNode n = JSON.readTree(line);
        assertEquals(List.of("output", "priority", "rule", "time", "output_fields", "source", "tags", "hostname",
                "keelwatch"), names(n));
        assertEquals("16:00:00.123000000: Critical Write below host /etc (file=/host/etc/cron.d/x)",
                n.get("output").asText());
        assertEquals("Critical", n.get("priority").asText());
        assertEquals("Write below host etc", n.get("rule").asText());
        assertEquals("2025-11-24T16:00:00.123000000Z", n.get("time").asText());
        assertEquals(Instant.ofEpochMilli(1_764_000_000_123L), Instant.parse(n.get("time").asText()));
        assertEquals(Map.of("container.name", "web", "fd.name", "/host/etc/cron.d/x", "proc.pid", "177"),
                JSON.convertValue(n.get("output_fields"), Map.class));
        assertEquals("syscall", n.get("source").asText());
        assertEquals("T1611", n.get("tags").get(0).asText());
        assertEquals("h1", n.get("hostname").asText());
        JsonNode k = n.get("keelwatch");
        assertEquals(a.id(), k.get("id").asText());
        assertEquals(a.key(), k.get("key").asText());
        assertEquals("container_escape", k.get("category").asText());
        assertEquals("web", k.get("container").get("name").asText());
        assertEquals(100, k.get("process").get("pid").asInt());
        assertEquals("1764000000.123:77", k.get("event").get("id").asText());
        assertEquals(line, AlertFormat.FALCO.line(a), "same alert, same bytes");
    }

    @Test
    void everyPriorityHasFalcosCapitalisedName() {
        assertEquals("Emergency", FalcoJson.priority(Priority.of("emergency")));
        assertEquals("Alert", FalcoJson.priority(Priority.of("alert")));
        assertEquals("Error", FalcoJson.priority(Priority.of("error")));
        assertEquals("Warning", FalcoJson.priority(Priority.of("warning")));
        assertEquals("Notice", FalcoJson.priority(Priority.of("notice")));
        assertEquals("Informational", FalcoJson.priority(Priority.of("informational")));
        assertEquals("Informational", FalcoJson.priority(Priority.of("info")));
        assertEquals("Debug", FalcoJson.priority(Priority.of("debug")));
    }

    @Test
    void absentFieldsAreNullAndAnOutputWithoutFieldsStillCarriesEvtTime() throws Exception {
        Alert base = AlertFixtures.alert("R", null, "/etc/x", 5_001, 1);
        Alert na = new Alert(base.id(), base.key(), base.time(), base.rule(), Priority.WARNING, base.category(), base.tags(),
                base.output(), base.description(), base.host(), null, base.process(), base.event(),
                Map.of("container.image.repository", "<NA>", "proc.name", "sh"), null);
        JsonNode n = JSON.readTree(FalcoJson.line(na));
        assertTrue(n.get("output_fields").get("container.image.repository").isNull());
        assertEquals("sh", n.get("output_fields").get("proc.name").asText());
        assertTrue(n.get("keelwatch").get("container").isNull());

        Alert none = new Alert(base.id(), base.key(), base.time(), base.rule(), Priority.NOTICE, base.category(), List.of(),
                "static text", base.description(), base.host(), null, null, Alert.Event.inventory(), Map.of(), null);
        JsonNode m = JSON.readTree(FalcoJson.line(none));
        assertEquals(5_001_000_000L, m.get("output_fields").get("evt.time").asLong());
        assertEquals("keelwatch_inventory", m.get("source").asText());
        assertEquals(0, m.get("tags").size());
    }

    @Test
    void foldedRepeatsKeepNanosecondTimes() throws Exception {
        Alert a = AlertFixtures.alert("R", "web", "/etc/x", 9_000, 3)
                .withFolded(new Alert.Folded(4, Instant.ofEpochMilli(2_500), List.of("2.500:1")));
        JsonNode f = JSON.readTree(FalcoJson.line(a)).get("keelwatch").get("folded");
        assertEquals(4, f.get("count").asLong());
        assertEquals("1970-01-01T00:00:02.500000000Z", f.get("first").asText());
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
