package io.keelwatch.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The Docker Engine API over its unix socket (docker-java's transport interface, implemented over
 * jnr-unixsocket by {@link UnixSocketHttpClient}), giving bodies as raw text: the collector journals what
 * Docker said, not docker-java's object model of it.
 */
public final class DockerApi implements Closeable {

    /** The default socket path. */
    public static final String DEFAULT_SOCKET = "/var/run/docker.sock";

    private final Path socket;
    private final DockerHttpClient requests;
    private final DockerHttpClient streams;

    /** A client of the daemon behind {@code socket}; connecting happens per request. */
    public DockerApi(Path socket) {
        this.socket = socket;
        // Connecting to a Unix socket does not wait on a peer (it succeeds or fails at once): only reads time out.
        this.requests = new UnixSocketHttpClient(socket.toAbsolutePath(), 15_000);
        // The events stream stays silent for as long as nothing happens: no read timeout there.
        this.streams = new UnixSocketHttpClient(socket.toAbsolutePath(), 0);
    }

    public Path socket() {
        return socket;
    }

    /** Whether the socket file exists (the daemon may still be down). */
    public boolean socketPresent() {
        return Files.exists(socket);
    }

    /**
     * GET of an API path; the body on 200, {@code null} on 404.
     *
     * @throws DockerUnavailableException when the daemon cannot be reached or answers another status
     */
    public String get(String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = requests.execute(request)) {
            int status = response.getStatusCode();
            if (status == 404) {
                return null;
            }
            String body = new String(readAll(response.getBody()), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new DockerUnavailableException("GET " + path + ": HTTP " + status + ": " + body.strip());
            }
            return body;
        } catch (RuntimeException e) {
            if (e instanceof DockerUnavailableException) {
                throw e;
            }
            throw new DockerUnavailableException("GET " + path + " on " + socket + ": " + e, e);
        }
    }

    /**
     * Follows a streaming GET (the events endpoint), handing each non-empty line to {@code lines} until
     * the daemon closes the stream. {@code opened} receives the open response: closing it from another
     * thread ends the stream (a blocked socket read does not see interrupts).
     *
     * @throws DockerUnavailableException when the stream cannot be opened or breaks
     */
    public void stream(String path, Consumer<Closeable> opened, Consumer<String> lines) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = streams.execute(request)) {
            opened.accept(response);
            if (response.getStatusCode() != 200) {
                String body = new String(readAll(response.getBody()), StandardCharsets.UTF_8);
                throw new DockerUnavailableException("GET " + path + ": HTTP " + response.getStatusCode() + ": "
                        + body.strip());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.getBody(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.accept(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DockerUnavailableException d) {
                throw d;
            }
            throw new DockerUnavailableException("stream " + path + " on " + socket + ": " + e, e);
        }
    }

    /** URL-encodes one query parameter value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            requests.close();
        } finally {
            streams.close();
        }
    }
}
