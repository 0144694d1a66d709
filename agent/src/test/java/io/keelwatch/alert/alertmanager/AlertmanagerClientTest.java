package io.keelwatch.alert.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.alert.AlertFixtures;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Alertmanager client against loopback endpoints: payload, TLS with a custom CA, auth, an HA pair. */
class AlertmanagerClientTest {
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private static Outbox.Delivery delivery(String container, long ms) {
        AmAlert a = AmAlert.of(AlertFixtures.alert("R", container, "/f", ms, ms), Map.of());
        return new Outbox.Delivery(a.fingerprint(), 1, a, 0);
    }

    @Test
    void postsLabelsAnnotationsStartAndEnd() throws Exception {
        try (FakeAlertmanager am = new FakeAlertmanager(19147, null)) {
            AlertmanagerClient c = new AlertmanagerClient(URI.create(am.url()), AlertmanagerClient.Options.plain(T));
            long now = System.currentTimeMillis();
            AlertmanagerClient.Result r = c.post(List.of(delivery("web", 1_000)), now + 60_000);
            assertTrue(r.ok(), r.toString());
            var a = am.posts.get(0).body().get(0);
            assertEquals("R", a.get("labels").get("alertname").asText());
            assertEquals("1970-01-01T00:00:01.000Z", a.get("startsAt").asText());
            assertEquals(Instant.ofEpochMilli(now + 60_000).toEpochMilli(),
                    Instant.parse(a.get("endsAt").asText()).toEpochMilli());
            am.status = 400;
            AlertmanagerClient.Result bad = c.post(List.of(delivery("web", 1_000)), now);
            assertTrue(bad.rejected());
        }
    }

    @Test
    void tlsWithACustomCaAndBasicOrBearerAuth() throws Exception {
        Path ks = tmp.resolve("server.p12");
        Path ca = tmp.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "am", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "secret");
        keytool("-exportcert", "-rfc", "-alias", "am", "-keystore", ks.toString(), "-storepass", "secret",
                "-file", ca.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        Path password = Files.writeString(tmp.resolve("pw"), "s3cret\n");
        Path token = Files.writeString(tmp.resolve("token"), "tok-123\n");
        try (FakeAlertmanager am = new FakeAlertmanager(19148, tls)) {
            URI url = URI.create(am.url());
            AlertmanagerClient basic = new AlertmanagerClient(url,
                    new AlertmanagerClient.Options(T, ca, false, "keelwatch", password, null));
            assertTrue(basic.post(List.of(delivery("web", 1)), System.currentTimeMillis()).ok());
            assertEquals("Basic " + Base64.getEncoder().encodeToString("keelwatch:s3cret".getBytes()),
                    am.posts.get(0).authorization());
            AlertmanagerClient bearer = new AlertmanagerClient(url,
                    new AlertmanagerClient.Options(T, ca, false, "", null, token));
            assertTrue(bearer.post(List.of(delivery("web", 1)), System.currentTimeMillis()).ok());
            assertEquals("Bearer tok-123", am.posts.get(1).authorization());
            AlertmanagerClient untrusting = new AlertmanagerClient(url, AlertmanagerClient.Options.plain(T));
            AlertmanagerClient.Result r = untrusting.post(List.of(delivery("web", 1)), System.currentTimeMillis());
            assertFalse(r.ok());
            assertEquals(0, r.status(), "the TLS handshake fails without the CA");
            assertEquals(2, am.posts.size());
        }
    }

    @Test
    void anHaPairEachGetsEveryAlertEvenWhenOneIsDownForAWhile() throws Exception {
        FakeAlertmanager a = new FakeAlertmanager(19150, null);
        FakeAlertmanager b = new FakeAlertmanager(19151, null);
        b.status = 503;
        try (a; b; AlertmanagerForwarder f = new AlertmanagerForwarder(List.of(URI.create(a.url()),
                URI.create(b.url())), AlertmanagerClient.Options.plain(T), tmp.resolve("outbox"), 100,
                Duration.ofHours(1), Duration.ofDays(3), Map.of(), System::currentTimeMillis)) {
            f.start();
            long now = System.currentTimeMillis();
            f.accept(AlertFixtures.alert("R1", "web", "/f", now, 1));
            f.accept(AlertFixtures.alert("R2", "db", "/f", now, 2));
            await(() -> a.alertnames().size() == 2);
            assertEquals(List.of(), b.alertnames());
            b.status = 200;
            await(() -> b.alertnames().size() == 2);
            assertEquals(List.of("R1", "R2"), a.alertnames().stream().sorted().toList());
            assertEquals(List.of("R1", "R2"), b.alertnames().stream().sorted().toList());
            assertTrue(f.senders().get(1).failuresTotal() > 0);
            assertEquals(0, f.senders().get(0).outbox().pending() + f.senders().get(1).outbox().pending());
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/keytool")
                .toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }
}
