package io.keelwatch.runtime.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import io.keelwatch.container.LifecycleEvent;
import io.keelwatch.input.HostInput;
import io.keelwatch.runtime.cri.api.CriApi;
import io.keelwatch.runtime.cri.api.RuntimeServiceGrpc;
import io.keelwatch.runtime.identity.RuntimeEventDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRI runtime without the container events stream (as CRI-O without pod events, containerd before 1.7): a
 * gRPC server on a Unix socket answers {@code GetContainerEvents} with UNIMPLEMENTED, and the stream falls back
 * to polling {@code ListContainers}, whose changes come out as the same event documents.
 */
class CriEventStreamTest {

    /** A runtime service that lists what the test sets and serves no events stream. */
    static final class ListingOnly extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        final ConcurrentHashMap<String, CriApi.ContainerState> containers = new ConcurrentHashMap<>();

        @Override
        public void listContainers(CriApi.ListContainersRequest request,
                                   StreamObserver<CriApi.ListContainersResponse> out) {
            CriApi.ListContainersResponse.Builder b = CriApi.ListContainersResponse.newBuilder();
            containers.forEach((id, state) -> b.addContainers(CriApi.Container.newBuilder().setId(id).setState(state)));
            out.onNext(b.build());
            out.onCompleted();
        }
    }

    @Test
    void withoutAnEventsStreamChangesArePolledIntoEvents(@TempDir Path tmp) throws Exception {
        Path socket = tmp.resolve("crio.sock");
        ListingOnly runtime = new ListingOnly();
        runtime.containers.put("old", CriApi.ContainerState.CONTAINER_RUNNING);
        EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .bossEventLoopGroup(loop).workerEventLoopGroup(loop).channelType(EpollServerDomainSocketChannel.class)
                .addService(runtime).build().start();
        List<HostInput.RuntimeEvent> got = new CopyOnWriteArrayList<>();
        try (CriClient client = new CriClient("cri-o", socket);
             CriEventStream stream = new CriEventStream(client, got::add, System::currentTimeMillis, 50)) {
            assertTrue(Files.exists(socket));
            stream.start();
            awaitTrue(stream::connected);
            assertTrue(stream.polling(), "UNIMPLEMENTED events stream: polling");
            runtime.containers.put("new", CriApi.ContainerState.CONTAINER_RUNNING);
            awaitTrue(() -> got.size() >= 2);
            runtime.containers.put("new", CriApi.ContainerState.CONTAINER_EXITED);
            awaitTrue(() -> got.size() >= 3);
            runtime.containers.remove("new");
            runtime.containers.remove("old");
            awaitTrue(() -> got.size() >= 5);
            RuntimeEventDecoder decoder = new RuntimeEventDecoder();
            List<String> seen = new ArrayList<>();
            for (HostInput.RuntimeEvent e : got) {
                assertEquals("cri cri-o", e.source());
                LifecycleEvent l = decoder.decode(e);
                seen.add(l.id() + " " + l.verb());
            }
            assertEquals(List.of("new create", "new start", "new die"), seen.subList(0, 3),
                    "what ran at start is no event; each change is");
            assertEquals(java.util.Set.of("new destroy", "old destroy"), new java.util.HashSet<>(seen.subList(3, 5)));
            assertEquals(0, decoder.malformed());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(c.getAsBoolean(), "condition not met within 10 s");
    }
}
