package io.keelwatch.alert.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A loopback endpoint that takes what falcosidekick's main handler ({@code POST /}) takes and refuses
 * what it refuses, built from its documented contract and its handler's checks, not its code:
 * <ul>
 *   <li>only {@code POST}, with a body; anything else is 400 "Please send a valid request body";</li>
 *   <li>the body decodes as one JSON object into the Falco payload: {@code output}, {@code rule},
 *       {@code source}, {@code hostname}, {@code uuid} strings, {@code tags} an array of strings,
 *       {@code output_fields} an object, {@code time} an RFC 3339 string, {@code priority} a string
 *       (a value of another JSON type fails the decode; unknown keys are ignored);</li>
 *   <li>the payload check: {@code priority} one of Falco's names (Emergency ... Debug, any case; an
 *       unknown name is the empty "default" priority and fails), {@code rule} not empty, {@code time}
 *       not the zero time, {@code output_fields} not empty;</li>
 *   <li>an accepted payload is answered 200 with an empty body.</li>
 * </ul>
 */
final class FalcosidekickReceiver implements AutoCloseable {
    static final Set<String> PRIORITIES = Set.of("emergency", "alert", "critical", "error", "warning", "notice",
            "informational", "debug");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: its verdict, the decoded payload when accepted, the headers that matter. */
    record Request(int status, JsonNode payload, String authorization, String why) { }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** When set, the endpoint answers this status to every request without reading it (an outage). */
    volatile int outageStatus;
    private final HttpServer server;

    FalcosidekickReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<JsonNode> accepted() {
        synchronized (requests) {
            return requests.stream().filter(r -> r.status() == 200).map(Request::payload).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (outageStatus != 0) {
                answer(ex, outageStatus, "unavailable\n");
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String why = null;
            JsonNode p = null;
            if (!ex.getRequestMethod().equals("POST")) {
                why = "Please send with post http method";
            } else if (body.length == 0) {
                why = "Please send a valid request body";
            } else {
                try {
                    p = JSON.readTree(body);
                    why = check(p);
                } catch (IOException e) {
                    why = "invalid json: " + e.getMessage();
                }
            }
            if (why == null) {
                requests.add(new Request(200, p, auth, null));
                answer(ex, 200, "");
            } else {
                requests.add(new Request(400, p, auth, why));
                answer(ex, 400, "Please send a valid request body\n");
            }
        }
    }

    /** Null when falcosidekick takes the payload, else why not. */
    static String check(JsonNode p) {
        if (p == null || !p.isObject()) {
            return "not a JSON object";
        }
        for (String s : List.of("output", "rule", "source", "hostname", "uuid")) {
            if (p.has(s) && !p.get(s).isNull() && !p.get(s).isTextual()) {
                return s + " is not a string";
            }
        }
        if (p.has("tags") && !p.get("tags").isNull()) {
            if (!p.get("tags").isArray()) {
                return "tags is not an array";
            }
            for (JsonNode t : p.get("tags")) {
                if (!t.isTextual()) {
                    return "a tag is not a string";
                }
            }
        }
        if (p.has("output_fields") && !p.get("output_fields").isNull() && !p.get("output_fields").isObject()) {
            return "output_fields is not an object";
        }
        JsonNode pr = p.get("priority");
        if (pr != null && !pr.isNull() && !pr.isTextual()) {
            return "priority is not a string";
        }
        JsonNode t = p.get("time");
        OffsetDateTime time = null;
        if (t != null && !t.isNull()) {
            if (!t.isTextual()) {
                return "time is not a string";
            }
            try {
                time = OffsetDateTime.parse(t.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                return "time is not RFC 3339: " + t.asText();
            }
        }
        if (pr == null || !PRIORITIES.contains(pr.asText().toLowerCase(Locale.ROOT))) {
            return "no valid priority";
        }
        if (!p.hasNonNull("rule") || p.get("rule").asText().isEmpty()) {
            return "no rule";
        }
        if (time == null || time.toInstant().equals(java.time.Instant.parse("0001-01-01T00:00:00Z"))) {
            return "no time";
        }
        JsonNode f = p.get("output_fields");
        if (f == null || f.isNull() || f.isEmpty()) {
            return "no output_fields";
        }
        return null;
    }

    /** The output_fields as a map of name to text (null kept), for assertions. */
    static Map<String, String> fields(JsonNode p) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.get("output_fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return out;
    }

    private static void answer(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
