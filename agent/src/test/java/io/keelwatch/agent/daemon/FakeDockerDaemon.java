package io.keelwatch.agent.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Docker Engine API on a Unix socket that knows no containers: {@code /containers/json} is {@code []}, other
 * lookups are 404, and the events stream either stays silent or (a misbehaving daemon) sends one line that never
 * ends. Enough for the agent's Docker source and lookups to run without a dockerd.
 */
final class FakeDockerDaemon implements AutoCloseable {
    /** What {@code /events} answers after its head. */
    enum Events { SILENT, ENDLESS_LINE }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Events events;
    private final Thread acceptor;
    private volatile boolean closed;

    FakeDockerDaemon(Path socket, Events events) throws IOException {
        this.socket = socket;
        this.events = events;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "fake-dockerd");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path socket() {
        return socket;
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> serve(c), "fake-dockerd-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            String path = requestPath(c);
            if (path.startsWith("/events")) {
                write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
                if (events == Events.ENDLESS_LINE) {
                    byte[] chunk = new byte[1 << 20];
                    Arrays.fill(chunk, (byte) 'a');
                    while (!closed) {
                        c.write(ByteBuffer.wrap(chunk));
                    }
                } else {
                    while (!closed && c.read(ByteBuffer.allocate(1)) >= 0) {
                        Thread.onSpinWait();
                    }
                }
            } else if (path.startsWith("/containers/json")) {
                write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n[]");
            } else {
                String body = "{\"message\":\"no such object\"}";
                write(c, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static String requestPath(SocketChannel c) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            b.clear();
            if (c.read(b) < 0) {
                break;
            }
            head.write(b.get(0));
        }
        String[] request = head.toString(StandardCharsets.ISO_8859_1).split(" ", 3);
        return request.length > 1 ? request[1] : "";
    }

    private static void write(SocketChannel c, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Files.deleteIfExists(socket);
    }
}
