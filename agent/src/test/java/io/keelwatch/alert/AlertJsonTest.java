package io.keelwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    @Test
    void oneObjectWithTheDocumentedShape() throws Exception {
        Alert a = AlertFixtures.alert("Write below host etc", "web", "/host/etc/cron.d/x", 1_764_000_000_123L, 77);
        String line = AlertJson.line(a);
        assertTrue(!line.contains("\n"));
        JsonNode n = new ObjectMapper().readTree(line);
        assertEquals("2025-11-24T16:00:00.123Z", n.get("time").asText());
        assertEquals("Write below host etc", n.get("rule").asText());
        assertEquals("critical", n.get("priority").asText());
        assertEquals("container_escape", n.get("category").asText());
        assertEquals("T1611", n.get("tags").get(0).asText());
        assertEquals("h1", n.get("host").asText());
        assertEquals("web", n.get("container").get("name").asText());
        assertEquals("local/busybox:1", n.get("container").get("image").asText());
        assertEquals("shop", n.get("container").get("k8s_namespace").asText());
        assertEquals(100, n.get("process").get("pid").asInt());
        assertEquals(99, n.get("process").get("ppid").asInt());
        assertEquals("sh -c echo x > /host/etc/cron.d/x", n.get("process").get("cmdline").asText());
        assertEquals("init", n.get("process").get("ancestors").get(0).get("name").asText());
        assertEquals("1764000000.123:77", n.get("event").get("id").asText());
        assertEquals("openat", n.get("event").get("type").asText());
        assertEquals("/host/etc/cron.d/x", n.get("fields").get("fd.name").asText());
        assertTrue(n.get("folded").isNull());
        assertEquals(line, AlertJson.line(a), "same alert, same bytes");
    }

    @Test
    void hostAlertHasNullContainer() throws Exception {
        JsonNode n = new ObjectMapper().readTree(AlertJson.line(AlertFixtures.alert("R", null, "/etc/x", 5, 1)));
        assertTrue(n.get("container").isNull());
    }
}
