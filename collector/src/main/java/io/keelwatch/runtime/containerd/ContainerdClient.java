package io.keelwatch.runtime.containerd;

import io.keelwatch.runtime.GrpcCalls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.keelwatch.runtime.RuntimeUnavailableException;
import io.keelwatch.runtime.UnixGrpcChannel;
import io.keelwatch.runtime.containerd.api.ContainersApi;
import io.keelwatch.runtime.containerd.api.ContainersGrpc;
import io.keelwatch.runtime.containerd.api.ImagesApi;
import io.keelwatch.runtime.containerd.api.ImagesGrpc;
import io.keelwatch.runtime.containerd.api.NamespacesApi;
import io.keelwatch.runtime.containerd.api.NamespacesGrpc;
import io.keelwatch.runtime.containerd.api.TasksApi;
import io.keelwatch.runtime.containerd.api.TasksGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * containerd's own API on its socket: the containers, tasks, images and namespaces services, in every
 * namespace ({@code k8s.io} where the kubelet's containers live first). Each answer is given as one JSON
 * document ({@link ContainerdDescription} reads it), so the journal records what containerd said and a
 * replay needs no containerd.
 *
 * <p>Thread-safe (gRPC stubs are); the namespace list is re-read on every miss, so a namespace made
 * after start is found.
 */
public final class ContainerdClient implements AutoCloseable {
    /** The gRPC header containerd reads the namespace of a call from. */
    static final Metadata.Key<String> NAMESPACE = Metadata.Key.of("containerd-namespace",
            Metadata.ASCII_STRING_MARSHALLER);
    /** Docker's namespace: dockerd's own events and inspect describe those containers. */
    public static final String MOBY = "moby";
    private static final String KUBERNETES = "k8s.io";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 3_000;

    private final UnixGrpcChannel channel;
    private volatile List<String> namespaces = List.of();

    public ContainerdClient(Path socket) {
        this.channel = new UnixGrpcChannel(socket);
    }

    public Path socket() {
        return channel.socket();
    }

    UnixGrpcChannel channel() {
        return channel;
    }

    /**
     * The container with this id in whichever namespace holds it, as
     * {@code {"namespace":..,"container":..,"task":..,"image":..,"sandbox":..}} (task, image and sandbox
     * null when absent), or {@code null} when no namespace has it.
     *
     * @throws RuntimeUnavailableException when containerd cannot be reached
     */
    public String describe(String id) {
        List<String> tried = namespacesFirstKubernetes(false);
        for (String ns : tried) {
            String doc = describe(ns, id);
            if (doc != null) {
                return doc;
            }
        }
        for (String ns : namespacesFirstKubernetes(true)) {
            String doc = tried.contains(ns) ? null : describe(ns, id);
            if (doc != null) {
                return doc;
            }
        }
        return null;
    }

    /** The ids of running tasks in every namespace but Docker's, one per line. */
    public String running() {
        StringBuilder out = new StringBuilder();
        for (String ns : namespacesFirstKubernetes(true)) {
            if (ns.equals(MOBY)) {
                continue;
            }
            TasksApi.ListTasksResponse tasks = call("list tasks in " + ns,
                    () -> in(TasksGrpc.newBlockingStub(channel.channel()), ns).list(
                            TasksApi.ListTasksRequest.getDefaultInstance()));
            for (TasksApi.Process p : tasks.getTasksList()) {
                if (p.getStatus() == TasksApi.Status.RUNNING || p.getStatus() == TasksApi.Status.PAUSED) {
                    out.append(p.getContainerId()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private String describe(String ns, String id) {
        ContainersApi.Container c;
        try {
            c = call("get container " + id, () -> in(ContainersGrpc.newBlockingStub(channel.channel()), ns)
                    .get(ContainersApi.GetContainerRequest.newBuilder().setId(id).build()).getContainer());
        } catch (GrpcCalls.NotFound e) {
            return null;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("namespace", ns);
        doc.set("container", container(c));
        doc.set("task", orNull(() -> json(in(TasksGrpc.newBlockingStub(channel.channel()), ns)
                .get(TasksApi.GetRequest.newBuilder().setContainerId(id).build()).getProcess()), "get task " + id));
        doc.set("image", c.getImage().isEmpty() ? null : orNull(() -> json(in(ImagesGrpc.newBlockingStub(
                channel.channel()), ns).get(ImagesApi.GetImageRequest.newBuilder().setName(c.getImage()).build())
                .getImage()), "get image " + c.getImage()));
        String sandbox = sandboxOf(c, doc.path("container").path("spec"));
        doc.set("sandbox", sandbox.isEmpty() || sandbox.equals(id) ? null : orNull(() -> container(
                in(ContainersGrpc.newBlockingStub(channel.channel()), ns).get(ContainersApi.GetContainerRequest
                        .newBuilder().setId(sandbox).build()).getContainer()), "get sandbox " + sandbox));
        return doc.toString();
    }

    /** The pod sandbox a CRI container belongs to: containerd 2's field, else the CRI's spec annotation. */
    private static String sandboxOf(ContainersApi.Container c, JsonNode spec) {
        if (!c.getSandbox().isEmpty()) {
            return c.getSandbox();
        }
        return spec.path("annotations").path(ContainerdDescription.SANDBOX_ID_ANNOTATION).asText("");
    }

    /** The container as JSON, its OCI spec (an Any holding JSON) inlined as a JSON object. */
    private static JsonNode container(ContainersApi.Container c) {
        ContainersApi.Container.Builder b = c.toBuilder().clearSpec().clearRuntime();
        ObjectNode out = (ObjectNode) json(b.build());
        out.put("runtime", c.getRuntime().getName());
        if (c.hasSpec()) {
            try {
                out.set("spec", JSON.readTree(c.getSpec().getValue().toString(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // a spec that is not JSON is kept as its type; the reader treats it as no spec
                out.put("spec_unreadable", c.getSpec().getTypeUrl() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private List<String> namespacesFirstKubernetes(boolean refresh) {
        if (refresh || namespaces.isEmpty()) {
            NamespacesApi.ListNamespacesResponse r = call("list namespaces", () -> NamespacesGrpc
                    .newBlockingStub(channel.channel()).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .list(NamespacesApi.ListNamespacesRequest.getDefaultInstance()));
            List<String> names = new ArrayList<>();
            for (NamespacesApi.Namespace n : r.getNamespacesList()) {
                names.add(n.getName());
            }
            names.sort((a, b) -> a.equals(KUBERNETES) ? -1 : b.equals(KUBERNETES) ? 1 : a.compareTo(b));
            namespaces = List.copyOf(names);
        }
        return namespaces;
    }

    private static <S extends AbstractStub<S>> S in(S stub, String ns) {
        Metadata md = new Metadata();
        md.put(NAMESPACE, ns);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    static JsonNode json(MessageOrBuilder m) {
        return GrpcCalls.json(m);
    }

    private <T> T call(String what, GrpcCalls.Call<T> call) {
        return GrpcCalls.call("containerd " + channel.socket(), what, call);
    }

    private JsonNode orNull(GrpcCalls.Call<JsonNode> call, String what) {
        try {
            return call(what, call);
        } catch (GrpcCalls.NotFound e) {
            return null;
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
