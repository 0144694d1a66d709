package io.keelwatch.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Serves {@code /metrics} of one registry on {@code host:port}. */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    public MetricsServer(String listen, CollectorRegistry registry) throws IOException {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(listen.substring(colon + 1));
        server = new HTTPServer.Builder().withInetSocketAddress(new InetSocketAddress(host, port))
                .withRegistry(registry).withDaemonThreads(true).build();
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
