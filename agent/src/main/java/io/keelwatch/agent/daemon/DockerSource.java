package io.keelwatch.agent.daemon;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.docker.DockerApi;
import io.keelwatch.docker.DockerEventStream;
import io.keelwatch.input.EventStreamStats;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/** The Docker events stream into the queue; it waits for room rather than lose a lifecycle event. */
final class DockerSource implements InputSource {
    private static final Logger LOG = System.getLogger(DockerSource.class.getName());

    private final DockerApi api;
    private final Consumer<String> early;
    private volatile DockerEventStream stream;

    DockerSource(DockerApi api) {
        this(api, json -> { });
    }

    /** @param early told of each event on the stream's thread before it is queued (a head start, never a veto) */
    DockerSource(DockerApi api, Consumer<String> early) {
        this.api = api;
        this.early = early;
    }

    @Override
    public String name() {
        return "docker:" + api.socket();
    }

    @Override
    public void start(InputQueue queue) {
        stream = new DockerEventStream(api, e -> {
            try {
                early.accept(e.json());
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }, System::currentTimeMillis, DockerEventStream.Backoff.DEFAULT, () -> { });
        stream.start();
    }

    DockerEventStream stream() {
        return stream;
    }

    /** The stream's counters; none before it started. */
    EventStreamStats streamStats() {
        DockerEventStream s = stream;
        return s == null ? EventStreamStats.NONE : s.stats();
    }

    @Override
    public void close() {
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the Docker events stream: " + e);
        }
    }
}
