package io.keelwatch.runtime.cri;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keelwatch.input.HostInput;
import io.keelwatch.runtime.RuntimeEventStream;
import io.keelwatch.runtime.RuntimeLookups;
import io.keelwatch.runtime.cri.api.CriApi;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A CRI runtime's container events: the {@code GetContainerEvents} stream where the runtime serves it
 * (CRI-O with pod events on, containerd 1.7+), else a poll of {@code ListContainers} every
 * {@code pollMs} whose state changes are written as the same event documents. Either way each event is
 * {@code {"container_id":..,"container_event_type":..,"created_at":..}} (the polled ones carry
 * {@code "polled":true}).
 */
public final class CriEventStream extends RuntimeEventStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CriClient client;
    private final long pollMs;
    private final LongSupplier clockMs;
    private volatile boolean polling;

    public CriEventStream(CriClient client, Consumer<? super HostInput.RuntimeEvent> sink, LongSupplier clockMs,
                          long pollMs) {
        super(RuntimeLookups.CRI_ENDPOINT + client.runtime(), sink, clockMs);
        this.client = client;
        this.pollMs = pollMs;
        this.clockMs = clockMs;
    }

    /** Whether the runtime lacks the events stream and its containers are polled. */
    public boolean polling() {
        return polling;
    }

    @Override
    protected void follow(Consumer<String> deliver) throws InterruptedException {
        if (!polling) {
            try {
                Iterator<CriApi.ContainerEventResponse> it = client.stub().getContainerEvents(
                        CriApi.GetEventsRequest.getDefaultInstance());
                boolean first = true;
                while (!closed() && it.hasNext()) {
                    CriApi.ContainerEventResponse e = it.next();
                    if (first) {
                        opened();
                        first = false;
                    }
                    // the statuses ride along in the event; the registry asks for them itself (journaled)
                    deliver.accept(CriClient.json(e.toBuilder().clearPodSandboxStatus().clearContainersStatuses()
                            .build()).toString());
                }
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw e;
                }
                polling = true;
            }
        }
        poll(deliver);
    }

    private void poll(Consumer<String> deliver) throws InterruptedException {
        Map<String, CriApi.ContainerState> known = new HashMap<>();
        boolean first = true;
        while (!closed()) {
            Map<String, CriApi.ContainerState> now = new HashMap<>();
            for (CriApi.Container c : client.list().getContainersList()) {
                now.put(c.getId(), c.getState());
            }
            if (first) {
                // what runs at start is the registry's bootstrap; only changes from here on are events
                opened();
                first = false;
            } else {
                for (Map.Entry<String, CriApi.ContainerState> e : now.entrySet()) {
                    CriApi.ContainerState before = known.get(e.getKey());
                    if (before == e.getValue()) {
                        continue;
                    }
                    if (before == null) {
                        deliver.accept(event(e.getKey(), CriApi.ContainerEventType.CONTAINER_CREATED_EVENT));
                    }
                    if (e.getValue() == CriApi.ContainerState.CONTAINER_RUNNING) {
                        deliver.accept(event(e.getKey(), CriApi.ContainerEventType.CONTAINER_STARTED_EVENT));
                    } else if (e.getValue() == CriApi.ContainerState.CONTAINER_EXITED) {
                        deliver.accept(event(e.getKey(), CriApi.ContainerEventType.CONTAINER_STOPPED_EVENT));
                    }
                }
                for (String id : known.keySet()) {
                    if (!now.containsKey(id)) {
                        deliver.accept(event(id, CriApi.ContainerEventType.CONTAINER_DELETED_EVENT));
                    }
                }
            }
            known = now;
            Thread.sleep(pollMs);
        }
    }

    private String event(String id, CriApi.ContainerEventType type) {
        ObjectNode o = JSON.createObjectNode();
        o.put("container_id", id);
        o.put("container_event_type", type.name());
        o.put("created_at", Long.toString(clockMs.getAsLong() * 1_000_000L));
        o.put("polled", true);
        return o.toString();
    }
}
