package io.keelwatch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jnr-unixsocket transport against a scripted HTTP server on a real Unix socket (the JDK's own AF_UNIX
 * channels, so the two sides share no code): what goes on the wire, and how bodies, statuses, silence and a
 * cancelled stream come back.
 */
class UnixSocketHttpClientTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Serves one connection: records the request head, then writes {@code reply} and, if asked, stays open. */
    private final class OneShotServer implements AutoCloseable {
        final Path socket = dir.resolve("d.sock");
        final ServerSocketChannel server;
        final CompletableFuture<String> requestHead = new CompletableFuture<>();
        final AtomicReference<SocketChannel> peer = new AtomicReference<>();
        final Thread thread;

        OneShotServer(String reply, boolean keepOpen) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> serve(reply, keepOpen), "one-shot-server");
            thread.setDaemon(true);
            thread.start();
            open.add(this);
        }

        private void serve(String reply, boolean keepOpen) {
            try (SocketChannel c = server.accept()) {
                peer.set(c);
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                ByteBuffer b = ByteBuffer.allocate(1);
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && c.read(b) > 0) {
                    head.write(b.array()[0]);
                    b.clear();
                }
                requestHead.complete(head.toString(StandardCharsets.ISO_8859_1));
                c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                if (keepOpen) {
                    Thread.sleep(Long.MAX_VALUE);
                }
            } catch (IOException | InterruptedException e) {
                requestHead.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            thread.interrupt();
            server.close();
        }
    }

    private static DockerHttpClient.Request get(String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    }

    private static String body(DockerHttpClient.Response r) throws IOException {
        try (InputStream in = r.getBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendsAnHttp11GetAndReadsALengthDelimitedBody() throws Exception {
        OneShotServer s = new OneShotServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Api-Version: 1.45\r\nContent-Length: 15\r\n\r\n{\"Id\":\"abc123\"}", false);
        try (DockerHttpClient.Response r = new UnixSocketHttpClient(s.socket, 5_000)
                .execute(get("/v1.41/containers/abc/json"))) {
            assertEquals(200, r.getStatusCode());
            assertEquals("1.45", r.getHeader("Api-Version"));
            assertEquals(List.of("application/json"), r.getHeaders().get("Content-Type"));
            assertEquals("{\"Id\":\"abc123\"}", body(r));
        }
        String head = s.requestHead.get(5, TimeUnit.SECONDS);
        assertTrue(head.startsWith("GET /v1.41/containers/abc/json HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nHost: docker\r\n"), head);
    }

    @Test
    void decodesAChunkedBody() throws Exception {
        OneShotServer s = new OneShotServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n", false);
        try (DockerHttpClient.Response r = new UnixSocketHttpClient(s.socket, 5_000).execute(get("/events"))) {
            assertEquals("hello, world", body(r));
        }
    }

    @Test
    void reportsTheStatusOfAnError() throws Exception {
        OneShotServer s = new OneShotServer("HTTP/1.1 404 Not Found\r\nContent-Length: 29\r\n\r\n"
                + "{\"message\":\"No such thing\"}\r\n", false);
        try (DockerHttpClient.Response r = new UnixSocketHttpClient(s.socket, 5_000).execute(get("/x"))) {
            assertEquals(404, r.getStatusCode());
            assertTrue(body(r).contains("No such thing"));
        }
    }

    @Test
    void aSilentDaemonFailsTheReadInsteadOfSpinning() throws Exception {
        // the head arrives, the promised body never does
        OneShotServer s = new OneShotServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{", true);
        try (DockerHttpClient.Response r = new UnixSocketHttpClient(s.socket, 200).execute(get("/slow"))) {
            InputStream in = r.getBody();
            assertEquals('{', in.read());
            assertThrows(SocketTimeoutException.class, in::read);
        }
    }

    @Test
    void closingTheResponseFromAnotherThreadEndsABlockedStreamRead() throws Exception {
        OneShotServer s = new OneShotServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\none\r\n", true);
        DockerHttpClient.Response r = new UnixSocketHttpClient(s.socket, 0).execute(get("/events"));
        BlockingQueue<Object> outcome = new ArrayBlockingQueue<>(1);
        Thread reader = new Thread(() -> {
            try {
                InputStream in = r.getBody();
                byte[] first = in.readNBytes(3);
                outcome.add(new String(first, StandardCharsets.UTF_8));
                outcome.add(in.read()); // blocks: the daemon sends nothing more
            } catch (IOException | RuntimeException e) {
                outcome.add(e);
            }
        }, "stream-reader");
        reader.start();
        assertEquals("one", outcome.poll(10, TimeUnit.SECONDS));
        Closeable cancel = r;
        cancel.close();
        Object end = outcome.poll(10, TimeUnit.SECONDS);
        // a truncated chunked body: the library reports the missing chunk, or EOF; either way the read returned
        assertTrue(end instanceof IOException || Integer.valueOf(-1).equals(end), "reader ended with " + end);
        reader.join(10_000);
        assertTrue(!reader.isAlive());
    }

    @Test
    void noSocketIsAnUncheckedIoErrorNamingThePath() {
        Path missing = dir.resolve("absent.sock");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new UnixSocketHttpClient(missing, 1_000).execute(get("/_ping")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void aGarbledStatusLineIsAnErrorNotAHang() throws Exception {
        OneShotServer s = new OneShotServer("SSH-2.0-OpenSSH_9.2\r\n\r\n", false);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new UnixSocketHttpClient(s.socket, 2_000).execute(get("/_ping")));
        assertTrue(e.getMessage().contains("/_ping"), e.getMessage());
    }
}
