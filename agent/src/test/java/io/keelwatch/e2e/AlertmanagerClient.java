package io.keelwatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads alerts back from Alertmanager's API v2, the way an operator's tooling would. */
public final class AlertmanagerClient {

    /** One alert as Alertmanager holds it. */
    public record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }

        /** Whether any label or annotation names this container, by its (unique) name or its short id. */
        public boolean mentions(String containerName, String containerId) {
            String shortId = containerId.length() >= 12 ? containerId.substring(0, 12) : containerId;
            for (Map<String, String> m : List.of(labels, annotations)) {
                for (String v : m.values()) {
                    if (v.contains(containerName) || (!shortId.isEmpty() && v.contains(shortId))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    public AlertmanagerClient(URI base) {
        this.base = base;
    }

    public List<Alert> alerts() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /api/v2/alerts answered " + r.statusCode() + ": " + r.body());
            }
            List<Alert> out = new ArrayList<>();
            for (JsonNode a : JSON.readTree(r.body())) {
                out.add(new Alert(strings(a.get("labels")), strings(a.get("annotations")),
                        Instant.parse(a.get("startsAt").asText())));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read alerts from " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> m = new LinkedHashMap<>();
        if (obj != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
        }
        return m;
    }
}
