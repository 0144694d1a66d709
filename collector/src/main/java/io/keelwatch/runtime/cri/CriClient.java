package io.keelwatch.runtime.cri;

import io.keelwatch.runtime.GrpcCalls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import io.keelwatch.runtime.RuntimeUnavailableException;
import io.keelwatch.runtime.UnixGrpcChannel;
import io.keelwatch.runtime.cri.api.CriApi;
import io.keelwatch.runtime.cri.api.RuntimeServiceGrpc;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A CRI runtime service (containerd's CRI plugin, CRI-O) on its socket: {@code ContainerStatus} and
 * {@code PodSandboxStatus} with verbose info, and the list of running containers. Answers are JSON
 * documents ({@link CriDescription} reads them) so the journal holds what the runtime said.
 *
 * <p>Thread-safe.
 */
public final class CriClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 3_000;

    private final String runtime;
    private final UnixGrpcChannel channel;

    /** @param runtime the name alerts give the runtime ({@code containerd}, {@code cri-o}) */
    public CriClient(String runtime, Path socket) {
        this.runtime = runtime;
        this.channel = new UnixGrpcChannel(socket);
    }

    public String runtime() {
        return runtime;
    }

    public Path socket() {
        return channel.socket();
    }

    /** The stub for this runtime service, with no deadline (streams) or a caller's. */
    public RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
        return RuntimeServiceGrpc.newBlockingStub(channel.channel());
    }

    /** The runtime's name and version ({@code Version}), as JSON. */
    public String version() {
        return call("version", () -> json(stub().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .version(CriApi.VersionRequest.newBuilder().setVersion("v1").build())).toString());
    }

    /**
     * {@code {"runtime":..,"status":<ContainerStatusResponse>,"sandbox":<PodSandboxStatusResponse>|null}}
     * for this container id, or {@code null} when the runtime does not know it.
     *
     * @throws RuntimeUnavailableException when the runtime cannot be reached
     */
    public String describe(String id) {
        CriApi.ContainerStatusResponse status;
        try {
            status = call("container status " + id, () -> stub().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .containerStatus(CriApi.ContainerStatusRequest.newBuilder().setContainerId(id).setVerbose(true)
                            .build()));
        } catch (GrpcCalls.NotFound e) {
            return null;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("runtime", runtime);
        doc.set("status", json(status));
        String sandboxId = CriDescription.verboseInfo(doc.path("status").path("info"), runtime)
                .path("sandboxID").asText("");
        JsonNode sandbox = null;
        if (!sandboxId.isEmpty()) {
            try {
                // not verbose: the pod's metadata, labels and namespaces are all Keelwatch reads of it
                sandbox = json(call("pod sandbox status " + sandboxId, () -> stub()
                        .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS).podSandboxStatus(
                                CriApi.PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build())));
            } catch (GrpcCalls.NotFound e) {
                sandbox = null;
            }
        }
        doc.set("sandbox", sandbox);
        return doc.toString();
    }

    /** The ids of the running containers, one per line. */
    public String running() {
        CriApi.ListContainersResponse r = call("list containers", () -> stub()
                .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS).listContainers(CriApi.ListContainersRequest
                        .newBuilder().setFilter(CriApi.ContainerFilter.newBuilder().setState(CriApi.ContainerStateValue
                                .newBuilder().setState(CriApi.ContainerState.CONTAINER_RUNNING))).build()));
        StringBuilder out = new StringBuilder();
        for (CriApi.Container c : r.getContainersList()) {
            out.append(c.getId()).append('\n');
        }
        return out.toString();
    }

    /** Every container the runtime has (any state), for a poller that notices changes. */
    public CriApi.ListContainersResponse list() {
        return call("list containers", () -> stub().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .listContainers(CriApi.ListContainersRequest.getDefaultInstance()));
    }

    static JsonNode json(MessageOrBuilder m) {
        return GrpcCalls.json(m);
    }

    private <T> T call(String what, GrpcCalls.Call<T> call) {
        return GrpcCalls.call(runtime + " CRI " + channel.socket(), what, call);
    }

    @Override
    public void close() {
        channel.close();
    }
}
