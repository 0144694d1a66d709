package io.keelwatch.alert.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;

/** Posts one JSON document to a URL (falcosidekick's {@code /}, or any webhook). */
public final class WebhookClient {

    /** How a post ended: {@code status} is the HTTP status, or 0 when no answer came ({@code error} says why). */
    public record Result(int status, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The endpoint refused the content: the same body will fail the same way. */
        public boolean rejected() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;

    public WebhookClient(URI url, HttpTransport.Options o) throws IOException, GeneralSecurityException {
        this.url = url;
        this.timeout = o.timeout();
        this.http = HttpTransport.client(o);
        this.authorization = HttpTransport.authorization(o);
    }

    public URI url() {
        return url;
    }

    public Result post(byte[] body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
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
}
