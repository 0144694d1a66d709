package io.keelwatch.docker;

import io.keelwatch.input.EventStreamStats;
import io.keelwatch.input.HostInput;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows the Docker events stream on its own thread and hands every container lifecycle and image
 * message to a sink as a {@link HostInput.DockerEvent}, in the daemon's order.
 *
 * <p>No lifecycle event is lost to a broken stream (dockerd restarted, socket gone): the stream is
 * reopened with growing delays and asked to replay from {@code since} = the last delivered
 * {@code timeNano} (less a second, in case a daemon rounds); replayed messages already delivered are
 * dropped by their exact text, so each message reaches the sink once. A daemon keeps a bounded
 * buffer of past events (256 in moby), which bounds the gap a reconnect can fill.
 */
public final class DockerEventStream implements Closeable {

    /** Reconnection delays: the first, doubled per failure up to the last. */
    public record Backoff(Duration initial, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    /** What the stream asks for: container lifecycle and exec, image tag changes. */
    static final String FILTERS = "{\"type\":[\"container\",\"image\"],\"event\":[\"create\",\"start\",\"restart\","
            + "\"die\",\"destroy\",\"exec_create\",\"exec_start\",\"exec_die\",\"rename\",\"update\","
            + "\"tag\",\"untag\",\"delete\",\"import\",\"load\",\"pull\"]}";
    private static final long REPLAY_OVERLAP_NANOS = 1_000_000_000L;
    /** Delivered messages remembered for de-duplication: those within this much of the newest. */
    private static final long DEDUP_WINDOW_NANOS = 5_000_000_000L;
    private static final int DEDUP_MAX = 8192;

    private final DockerApi api;
    private final Consumer<? super HostInput.DockerEvent> sink;
    private final LongSupplier clockMs;
    private final Backoff backoff;
    private final Runnable onConnected;
    private final Map<String, Long> recent = new LinkedHashMap<>();
    private final Thread thread;

    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Closeable current;
    private volatile String lastError = "";
    private volatile long lastTimeNano;
    private volatile long connects;
    private volatile long failures;
    private volatile long delivered;
    private volatile long duplicates;
    private volatile long malformed;
    private long firstConnectNano;

    /**
     * @param sink        receives each message, on the stream's thread
     * @param onConnected runs on the stream's thread after each (re)connection, before any message;
     *                    the place to have the owner re-list running containers
     */
    public DockerEventStream(DockerApi api, Consumer<? super HostInput.DockerEvent> sink, LongSupplier clockMs,
                             Backoff backoff, Runnable onConnected) {
        this.api = Objects.requireNonNull(api);
        this.sink = Objects.requireNonNull(sink);
        this.clockMs = Objects.requireNonNull(clockMs);
        this.backoff = Objects.requireNonNull(backoff);
        this.onConnected = Objects.requireNonNull(onConnected);
        this.thread = new Thread(this::run, "keelwatch-docker-events");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long delayMs = backoff.initial().toMillis();
        while (!closed) {
            long since = lastTimeNano > 0 ? lastTimeNano - REPLAY_OVERLAP_NANOS
                    : firstConnectNano > 0 ? firstConnectNano - REPLAY_OVERLAP_NANOS : 0;
            String path = "/events?filters=" + DockerApi.encode(FILTERS)
                    + (since > 0 ? "&since=" + since / 1_000_000_000L + "." + String.format("%09d", since % 1_000_000_000L)
                    : "");
            boolean opened = false;
            try {
                boolean[] ok = new boolean[1];
                api.stream(path, response -> {
                    current = response;
                    ok[0] = true;
                    connected = true;
                    connects++;
                    if (firstConnectNano == 0) {
                        firstConnectNano = clockMs.getAsLong() * 1_000_000L;
                    }
                    onConnected.run();
                }, this::onMessage);
                opened = ok[0];
                lastError = "stream ended by the daemon";
            } catch (DockerUnavailableException e) {
                opened = connected;
                lastError = e.getMessage();
            } catch (RuntimeException e) {
                lastError = "events stream: " + e;
            }
            connected = false;
            current = null;
            if (closed) {
                break;
            }
            failures++;
            if (opened) {
                delayMs = backoff.initial().toMillis();
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                break;
            }
            delayMs = Math.min(delayMs * 2, backoff.max().toMillis());
        }
    }

    private void onMessage(String json) {
        long timeNano;
        try {
            timeNano = DockerEventMessage.parse(json).timeNano();
        } catch (InspectFormatException e) {
            malformed++;
            lastError = "events stream: " + e.getMessage();
            return;
        }
        if (recent.containsKey(json) || lastTimeNano - timeNano > DEDUP_WINDOW_NANOS) {
            // A replay after reconnecting: delivered already (older ones than the window were, in order).
            duplicates++;
            return;
        }
        if (timeNano > lastTimeNano) {
            lastTimeNano = timeNano;
        }
        recent.put(json, timeNano);
        for (Iterator<Long> it = recent.values().iterator(); it.hasNext(); ) {
            long t = it.next();
            if (recent.size() > DEDUP_MAX || lastTimeNano - t > DEDUP_WINDOW_NANOS) {
                it.remove();
            } else {
                break;
            }
        }
        delivered++;
        sink.accept(new HostInput.DockerEvent(clockMs.getAsLong(), json));
    }

    /** Whether the stream is open now. */
    public boolean connected() {
        return connected;
    }

    /** Successful (re)connections; more than one means the stream broke and was reopened. */
    public long connects() {
        return connects;
    }

    /** Times the stream could not be opened or broke. */
    public long failures() {
        return failures;
    }

    public long delivered() {
        return delivered;
    }

    /** Replayed messages dropped because they had been delivered. */
    public long duplicates() {
        return duplicates;
    }

    public long malformed() {
        return malformed;
    }

    /** The counters as of now (read from any thread). */
    public EventStreamStats stats() {
        return new EventStreamStats(connected, connects, failures, delivered, duplicates, malformed);
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Closeable c = current;
        if (c != null) {
            c.close();
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
