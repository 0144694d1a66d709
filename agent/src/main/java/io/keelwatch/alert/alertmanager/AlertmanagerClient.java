package io.keelwatch.alert.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.keelwatch.alert.AlertJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

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
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(o.timeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (o.insecureSkipVerify()) {
            // The JDK client checks host names apart from the trust manager; this switch is process-wide,
            // which is acceptable for an option documented as testing only.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        }
        if (o.caFile() != null || o.insecureSkipVerify()) {
            builder.sslContext(sslContext(o.caFile(), o.insecureSkipVerify()));
        }
        this.http = builder.build();
        if (o.bearerTokenFile() != null) {
            authorization = "Bearer " + Files.readString(o.bearerTokenFile()).trim();
        } else if (!o.username().isEmpty()) {
            String pw = o.passwordFile() == null ? "" : Files.readString(o.passwordFile()).trim();
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((o.username() + ":" + pw).getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
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

    private static SSLContext sslContext(Path caFile, boolean insecure) throws IOException, GeneralSecurityException {
        TrustManager[] tms;
        if (insecure) {
            tms = new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            try (InputStream in = Files.newInputStream(caFile)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            if (i == 0) {
                throw new GeneralSecurityException(caFile + ": no certificate found");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            tms = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tms, new SecureRandom());
        return ctx;
    }
}
