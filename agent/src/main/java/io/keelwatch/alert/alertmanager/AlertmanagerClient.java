package io.keelwatch.alert.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.keelwatch.alert.AlertJson;
import io.keelwatch.alert.http.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Posts alerts to one Alertmanager's API v2 ({@code POST /api/v2/alerts}). */
public final class AlertmanagerClient {
    private static final JsonFactory JSON = new JsonFactory();

    /** How a post ended: {@code status} is the HTTP status, or 0 when no answer came ({@code error} says why). */
    public record Result(int status, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Alertmanager refused the content (a retry of the same batch will fail the same way). */
        public boolean rejected() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }

    /** Transport and credentials, the same for every Alertmanager of the agent. */
    public record Options(Duration timeout, Path caFile, boolean insecureSkipVerify, String username,
                          Path passwordFile, Path bearerTokenFile) {
        public static Options plain(Duration timeout) {
            return new Options(timeout, null, false, "", null, null);
        }
    }

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;

    public AlertmanagerClient(URI base, Options o) throws IOException, GeneralSecurityException {
        String b = base.toString();
        this.endpoint = URI.create((b.endsWith("/") ? b : b + "/") + "api/v2/alerts");
        this.timeout = o.timeout();
        HttpTransport.Options t = new HttpTransport.Options(o.timeout(), o.caFile(), o.insecureSkipVerify(),
                o.username(), o.passwordFile(), o.bearerTokenFile());
        this.http = HttpTransport.client(t);
        this.authorization = HttpTransport.authorization(t);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Posts the deliveries; active ones get {@code endsAt = endsAtMs}, resolved ones their resolve time. */
    public Result post(List<Outbox.Delivery> batch, long activeEndsAtMs) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch, activeEndsAtMs)));
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            String text;
            try (InputStream in = r.body()) {
                text = new String(in.readNBytes(512), StandardCharsets.UTF_8);
            }
            return new Result(r.statusCode(), r.statusCode() / 100 == 2 ? null : text.strip());
        } catch (IOException e) {
            return new Result(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, "interrupted");
        }
    }

    static byte[] body(List<Outbox.Delivery> batch, long activeEndsAtMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * batch.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Outbox.Delivery d : batch) {
                AmAlert a = d.alert();
                g.writeStartObject();
                map(g, "labels", a.labels());
                map(g, "annotations", a.annotations());
                g.writeStringField("startsAt", AlertJson.time(Instant.ofEpochMilli(a.startsAtMs())));
                long ends = d.resolved() ? Math.max(d.resolvedAtMs(), a.startsAtMs() + 1) : activeEndsAtMs;
                g.writeStringField("endsAt", AlertJson.time(Instant.ofEpochMilli(ends)));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void map(JsonGenerator g, String name, Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
