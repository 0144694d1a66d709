package io.keelwatch.runtime.containerd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.Timestamp;
import io.keelwatch.input.HostInput;
import io.keelwatch.runtime.RuntimeEventStream;
import io.keelwatch.runtime.RuntimeLookups;
import io.keelwatch.runtime.containerd.api.ContainerdEvents;
import io.keelwatch.runtime.containerd.api.ContainerdTypes;
import io.keelwatch.runtime.containerd.api.EventsApi;
import io.keelwatch.runtime.containerd.api.EventsGrpc;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * containerd's events service, every namespace: each lifecycle envelope becomes
 * {@code {"timestamp":..,"namespace":..,"topic":..,"event":{payload}}}, the payload (an Any) decoded
 * from the event types Keelwatch declares. Topics that say nothing of a container's lifecycle (images,
 * snapshots, content) are not passed on.
 */
public final class ContainerdEventStream extends RuntimeEventStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> TOPICS = Set.of("/containers/create", "/containers/update", "/containers/delete",
            "/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete", "/tasks/exec-started");
    private static final Map<String, Parser<? extends Message>> PAYLOADS = Map.of(
            "containerd.events.TaskCreate", ContainerdEvents.TaskCreate.parser(),
            "containerd.events.TaskStart", ContainerdEvents.TaskStart.parser(),
            "containerd.events.TaskExit", ContainerdEvents.TaskExit.parser(),
            "containerd.events.TaskDelete", ContainerdEvents.TaskDelete.parser(),
            "containerd.events.TaskExecStarted", ContainerdEvents.TaskExecStarted.parser(),
            "containerd.events.ContainerCreate", ContainerdEvents.ContainerCreate.parser(),
            "containerd.events.ContainerUpdate", ContainerdEvents.ContainerUpdate.parser(),
            "containerd.events.ContainerDelete", ContainerdEvents.ContainerDelete.parser());

    private final ContainerdClient client;

    public ContainerdEventStream(ContainerdClient client, Consumer<? super HostInput.RuntimeEvent> sink,
                                 LongSupplier clockMs) {
        super(RuntimeLookups.CONTAINERD_ENDPOINT, sink, clockMs);
        this.client = client;
    }

    @Override
    protected void follow(Consumer<String> deliver) {
        Iterator<ContainerdTypes.Envelope> it = EventsGrpc.newBlockingStub(client.channel().channel())
                .subscribe(EventsApi.SubscribeRequest.getDefaultInstance());
        opened();
        while (!closed() && it.hasNext()) {
            ContainerdTypes.Envelope e = it.next();
            if (TOPICS.contains(e.getTopic())) {
                deliver.accept(json(e));
            }
        }
    }

    /** The envelope as the JSON {@code RuntimeEventDecoder} reads. */
    static String json(ContainerdTypes.Envelope e) {
        ObjectNode out = JSON.createObjectNode();
        Timestamp t = e.getTimestamp();
        out.put("timestamp", Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString());
        out.put("namespace", e.getNamespace());
        out.put("topic", e.getTopic());
        String url = e.getEvent().getTypeUrl();
        String type = url.substring(url.lastIndexOf('/') + 1);
        Parser<? extends Message> parser = PAYLOADS.get(type);
        if (parser != null) {
            try {
                out.set("event", ContainerdClient.json(parser.parseFrom(e.getEvent().getValue())));
            } catch (InvalidProtocolBufferException ex) {
                out.put("event_unreadable", type + ": " + ex.getMessage());
            }
        } else {
            out.put("event_type", type);
        }
        return out.toString();
    }
}
