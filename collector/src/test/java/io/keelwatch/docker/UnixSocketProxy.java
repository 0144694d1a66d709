package io.keelwatch.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards a unix socket to another, and can make it vanish ({@link #cut()}: open connections closed,
 * socket file removed) and come back ({@link #restore()}): the "socket gone" case, on cue.
 */
final class UnixSocketProxy implements AutoCloseable {
    private final Path listen;
    private final Path target;
    private final List<SocketChannel> open = new ArrayList<>();
    private ServerSocketChannel server;
    private Thread acceptor;

    UnixSocketProxy(Path listen, Path target) {
        this.listen = listen;
        this.target = target;
    }

    synchronized void restore() throws IOException {
        Files.deleteIfExists(listen);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(listen));
        ServerSocketChannel s = server;
        acceptor = new Thread(() -> accept(s), "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        Files.deleteIfExists(listen);
        for (SocketChannel c : open) {
            c.close();
        }
        open.clear();
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel client = s.accept();
                SocketChannel upstream;
                try {
                    upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                synchronized (this) {
                    open.add(client);
                    open.add(upstream);
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                // closed by cut() or by either end
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
