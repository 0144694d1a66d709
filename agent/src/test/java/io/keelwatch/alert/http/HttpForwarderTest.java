package io.keelwatch.alert.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertFixtures;
import io.keelwatch.alert.AlertFormat;
import io.keelwatch.rules.engine.Category;
import io.keelwatch.rules.engine.Priority;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP output against a loopback endpoint that holds falcosidekick's request contract. */
class HttpForwarderTest {
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void falcoFormatAlertsAreAcceptedByAFalcosidekickShapedEndpoint() throws Exception {
        try (FalcosidekickReceiver sidekick = new FalcosidekickReceiver();
             HttpForwarder f = new HttpForwarder(URI.create(sidekick.url()), HttpTransport.Options.plain(T),
                     AlertFormat.FALCO, tmp.resolve("outbox"), 100)) {
            f.start();
            Alert inContainer = AlertFixtures.alert("Write below host etc", "web", "/host/etc/cron.d/x",
                    1_764_000_000_123L, 77);
            Alert onHost = AlertFixtures.alert("Write below etc", null, "/etc/shadow", 1_764_000_001_000L, 78);
            Alert inventory = new Alert("inv-1", "k", inContainer.time(), "Privileged container", Priority.NOTICE, Category.OTHER,
                    List.of("container"), "Privileged container running", "d", "h1", inContainer.container(), null,
                    Alert.Event.inventory(), Map.of(), null);
            f.accept(inContainer);
            f.accept(onHost);
            f.accept(inventory);
            await(() -> sidekick.accepted().size() == 3);
            List<JsonNode> got = sidekick.accepted();
            System.out.println("falcosidekick-shaped request accepted: " + got.get(0));
            assertEquals("Write below host etc", got.get(0).get("rule").asText());
            assertEquals("Critical", got.get(0).get("priority").asText());
            assertEquals("2025-11-24T16:00:00.123000000Z", got.get(0).get("time").asText());
            assertEquals("/host/etc/cron.d/x", FalcosidekickReceiver.fields(got.get(0)).get("fd.name"));
            assertEquals("h1", got.get(0).get("hostname").asText());
            assertEquals("Write below etc", got.get(1).get("rule").asText());
            assertEquals("keelwatch_inventory", got.get(2).get("source").asText());
            assertTrue(sidekick.requests.stream().allMatch(r -> r.status() == 200), sidekick.requests.toString());
            await(() -> f.sender().outbox().pending() == 0);
            assertEquals(3, f.sender().sentTotal());
        }
    }

    @Test
    void aBodyTheEndpointRefusesIsSetAsideAndDoesNotBlockTheRest() throws Exception {
        // Keelwatch's own format has no output_fields: falcosidekick refuses it, which shows the receiver's
        // checks bite, and the refused alert must not hold back the next ones.
        try (FalcosidekickReceiver sidekick = new FalcosidekickReceiver();
             HttpForwarder f = new HttpForwarder(URI.create(sidekick.url()), HttpTransport.Options.plain(T),
                     AlertFormat.KEELWATCH, tmp.resolve("outbox"), 100)) {
            f.start();
            f.accept(AlertFixtures.alert("R", "web", "/etc/x", 1_000, 1));
            f.accept(AlertFixtures.alert("R", "web", "/etc/y", 2_000, 2));
            await(() -> f.sender().outbox().rejectedTotal() == 2);
            assertEquals(0, sidekick.accepted().size());
            assertEquals("no output_fields", sidekick.requests.get(0).why(),
                    "its lower-case priority passes (falcosidekick ignores case), its fields are not output_fields");
            try (Stream<Path> s = Files.list(tmp.resolve("outbox"))) {
                assertEquals(2, s.filter(p -> p.toString().endsWith(".rejected")).count());
            }
        }
    }

    @Test
    void alertsWaitOnDiskThroughAnOutageAndAnAgentRestartThenArriveInOrder() throws Exception {
        Path outbox = tmp.resolve("outbox");
        try (FalcosidekickReceiver sidekick = new FalcosidekickReceiver()) {
            sidekick.outageStatus = 503;
            try (HttpForwarder f = new HttpForwarder(URI.create(sidekick.url()), HttpTransport.Options.plain(T),
                    AlertFormat.FALCO, outbox, 100)) {
                f.start();
                for (int i = 0; i < 5; i++) {
                    f.accept(AlertFixtures.alert("R" + i, "web", "/etc/x" + i, 1_000L * (i + 1), i));
                }
                await(() -> f.sender().failuresTotal() >= 2);
                assertEquals(5, f.sender().outbox().pending());
            }
            try (Stream<Path> s = Files.list(outbox)) {
                assertEquals(5, s.filter(p -> p.toString().endsWith(".json")).count(), "on disk across the restart");
            }
            sidekick.outageStatus = 0;
            try (HttpForwarder f = new HttpForwarder(URI.create(sidekick.url()), HttpTransport.Options.plain(T),
                    AlertFormat.FALCO, outbox, 100)) {
                f.start();
                await(() -> sidekick.accepted().size() == 5);
                f.accept(AlertFixtures.alert("R5", "web", "/etc/x5", 6_000, 5));
                await(() -> sidekick.accepted().size() == 6);
                List<String> rules = sidekick.accepted().stream().map(n -> n.get("rule").asText()).toList();
                assertEquals(List.of("R0", "R1", "R2", "R3", "R4", "R5"), rules);
                await(() -> f.sender().outbox().pending() == 0);
            }
        }
    }

    @Test
    void bearerAuthIsSentAndAFullOutboxDropsTheOldestCounted() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "tok-9\n");
        try (FalcosidekickReceiver sidekick = new FalcosidekickReceiver()) {
            sidekick.outageStatus = 503;
            try (HttpForwarder f = new HttpForwarder(URI.create(sidekick.url()),
                    new HttpTransport.Options(T, null, false, "", null, token), AlertFormat.FALCO,
                    tmp.resolve("outbox"), 3)) {
                for (int i = 0; i < 5; i++) {
                    f.accept(AlertFixtures.alert("R" + i, "web", "/etc/x", 1_000L * (i + 1), i));
                }
                assertEquals(3, f.sender().outbox().pending());
                assertEquals(2, f.sender().outbox().droppedTotal());
                sidekick.outageStatus = 0;
                f.start();
                await(() -> sidekick.accepted().size() == 3);
                assertEquals(List.of("R2", "R3", "R4"),
                        sidekick.accepted().stream().map(n -> n.get("rule").asText()).toList());
                assertEquals("Bearer tok-9", sidekick.requests.get(0).authorization());
                assertNull(sidekick.requests.get(0).why());
            }
        }
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 30 s");
            }
            Thread.sleep(20);
        }
    }
}
