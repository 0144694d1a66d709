package io.keelwatch.alert.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** An HTTP(S) endpoint at /api/v2/alerts that records what it is sent and answers a chosen status. */
final class FakeAlertmanager implements AutoCloseable {
    record Post(String authorization, JsonNode body) { }

    private final HttpServer server;
    final List<Post> posts = new CopyOnWriteArrayList<>();
    volatile int status = 200;

    FakeAlertmanager(int port, SSLContext tls) throws IOException {
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        if (tls == null) {
            server = HttpServer.create(at, 0);
        } else {
            HttpsServer s = HttpsServer.create(at, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = s;
        }
        server.createContext("/api/v2/alerts", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int st = status;
            if (st == 200) {
                posts.add(new Post(ex.getRequestHeaders().getFirst("Authorization"), new ObjectMapper().readTree(body)));
            }
            ex.sendResponseHeaders(st, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Alertnames received, in order, one per alert in every accepted post. */
    List<String> alertnames() {
        List<String> out = new java.util.ArrayList<>();
        for (Post p : posts) {
            p.body().forEach(a -> out.add(a.get("labels").get("alertname").asText()));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
