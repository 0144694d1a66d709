package io.keelwatch.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * docker-java's {@link DockerHttpClient} over a Unix socket: each request opens a jnr-unixsocket channel to the
 * daemon's socket and speaks HTTP/1.1 on it with Apache HttpCore's blocking client connection (request writing,
 * response parsing, chunked and length-delimited bodies are the library's). One connection per request: connecting
 * to a local socket costs microseconds, and a request never waits for another's connection.
 */
public final class UnixSocketHttpClient implements DockerHttpClient {

    /** Longest response head line and header count accepted from the daemon (bounds a misbehaving peer). */
    private static final Http1Config HTTP = Http1Config.custom().setMaxLineLength(64 * 1024).setMaxHeaderCount(200)
            .build();

    private final Path socket;
    private final int readTimeoutMillis;

    /**
     * @param socket            the daemon's socket file
     * @param readTimeoutMillis the longest silence on a read before it fails; 0 waits for ever (event streams)
     */
    public UnixSocketHttpClient(Path socket, int readTimeoutMillis) {
        if (readTimeoutMillis < 0) {
            throw new IllegalArgumentException("readTimeoutMillis < 0: " + readTimeoutMillis);
        }
        this.socket = socket;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Sends the request and returns once the response head has arrived; the body is read from
     * {@link Response#getBody()}. Closing the response (from any thread) ends a read blocked on the body.
     *
     * @throws UncheckedIOException when the socket cannot be reached or the exchange breaks
     */
    @Override
    public Response execute(Request request) {
        if (request.hijackedInput() != null) {
            throw new UnsupportedOperationException("hijacked connections (attach, exec) are not supported");
        }
        TimedUnixSocket s = null;
        DefaultBHttpClientConnection conn = null;
        try {
            s = new TimedUnixSocket(UnixSocketChannel.open(new UnixSocketAddress(socket.toFile())));
            s.setSoTimeout(readTimeoutMillis);
            conn = new DefaultBHttpClientConnection(HTTP);
            conn.bind(s);
            BasicClassicHttpRequest http = new BasicClassicHttpRequest(request.method(), request.path());
            // HTTP/1.1 needs a Host; the daemon ignores its value on a Unix socket.
            http.setHeader("Host", "docker");
            request.headers().forEach(http::setHeader);
            HttpEntity body = entity(request);
            if (body != null) {
                http.setEntity(body);
            }
            conn.sendRequestHeader(http);
            if (body != null) {
                conn.sendRequestEntity(http);
            }
            conn.flush();
            ClassicHttpResponse response = conn.receiveResponseHeader();
            conn.receiveResponseEntity(response);
            return new UnixResponse(s, conn, response);
        } catch (IOException | HttpException | RuntimeException e) {
            closeQuietly(s, conn);
            String what = request.method() + " " + request.path() + " on " + socket;
            if (e instanceof IOException io) {
                throw new UncheckedIOException(what + ": " + io.getMessage(), io);
            }
            if (e instanceof HttpException he) {
                throw new UncheckedIOException(what + ": bad HTTP from the daemon: " + he.getMessage(),
                        new IOException(he));
            }
            throw (RuntimeException) e;
        }
    }

    private static HttpEntity entity(Request request) {
        byte[] bytes = request.bodyBytes();
        if (bytes != null) {
            return new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON);
        }
        InputStream in = request.body();
        return in == null ? null : new InputStreamEntity(in, ContentType.APPLICATION_JSON);
    }

    private static void closeQuietly(TimedUnixSocket s, DefaultBHttpClientConnection conn) {
        if (s != null) {
            s.abort();
        }
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException ignored) {
                // the socket is already shut down and closed; nothing else holds a resource
            }
        }
    }

    @Override
    public void close() {
        // no pool, no thread: every connection belongs to its response
    }

    private static final class UnixResponse implements Response {
        private final TimedUnixSocket socket;
        private final DefaultBHttpClientConnection conn;
        private final ClassicHttpResponse response;
        private final InputStream body;

        UnixResponse(TimedUnixSocket socket, DefaultBHttpClientConnection conn, ClassicHttpResponse response)
                throws IOException {
            this.socket = socket;
            this.conn = conn;
            this.response = response;
            HttpEntity e = response.getEntity();
            this.body = e == null ? new ByteArrayInputStream(new byte[0]) : e.getContent();
        }

        @Override
        public int getStatusCode() {
            return response.getCode();
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
                headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
            }
            headers.replaceAll((k, v) -> List.copyOf(v));
            return Collections.unmodifiableMap(headers);
        }

        @Override
        public String getHeader(String name) {
            Header h = response.getFirstHeader(name);
            return h == null ? null : h.getValue();
        }

        @Override
        public InputStream getBody() {
            return body;
        }

        /** Shuts the socket down first: that wakes a read blocked in another thread, which a bare close does not. */
        @Override
        public void close() {
            closeQuietly(socket, conn);
        }
    }
}
