package io.keelwatch.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Polls Alertmanager every 250 ms and remembers when each alert (identified by its label set, as Alertmanager
 * does) was first seen, so detection latency is measured at the receiving end for every scenario at once.
 */
public final class AlertWatch implements AutoCloseable {

    /** An alert and the moment this watch first saw it in Alertmanager. */
    public record Seen(AlertmanagerClient.Alert alert, Instant firstSeen) {}

    private final AlertmanagerClient client;
    private final Map<Map<String, String>, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> pollFailure = new AtomicReference<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alertmanager-poller");
        t.setDaemon(true);
        return t;
    });

    public AlertWatch(AlertmanagerClient client) {
        this.client = client;
        poller.scheduleWithFixedDelay(this::poll, 0, 250, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            Instant now = Instant.now();
            for (AlertmanagerClient.Alert a : client.alerts()) {
                seen.putIfAbsent(a.labels(), new Seen(a, now));
            }
            pollFailure.set(null);
        } catch (RuntimeException e) {
            pollFailure.set(e);
        }
    }

    public List<Seen> all() {
        RuntimeException failure = pollFailure.get();
        if (failure != null) {
            throw failure;
        }
        return new ArrayList<>(seen.values());
    }

    /** Every alert seen so far that mentions the container. */
    public List<Seen> about(String containerName, String containerId) {
        return all().stream().filter(s -> s.alert().mentions(containerName, containerId)).toList();
    }

    /** Waits until an alert matching the predicate has been seen, or the timeout passes; returns all matches. */
    public List<Seen> await(Predicate<Seen> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Seen> hits = all().stream().filter(match).toList();
            if (!hits.isEmpty() || Instant.now().isAfter(deadline)) {
                return hits;
            }
            ServiceProcess.sleep(Duration.ofMillis(100));
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
