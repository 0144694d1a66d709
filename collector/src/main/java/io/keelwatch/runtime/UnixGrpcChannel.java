package io.keelwatch.runtime;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC channel to a runtime's Unix domain socket (grpc-netty's epoll transport, bundled in
 * grpc-netty-shaded). Connecting is lazy: a socket whose daemon is down fails the first call, not this
 * constructor, and the channel reconnects by itself once the daemon is back.
 */
public final class UnixGrpcChannel implements Closeable {
    private final Path socket;
    private final EventLoopGroup loop;
    private final ManagedChannel channel;

    public UnixGrpcChannel(Path socket) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("gRPC over " + socket + ": the epoll transport is not available: "
                    + Epoll.unavailabilityCause());
        }
        this.socket = socket;
        this.loop = new EpollEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "keelwatch-grpc-" + socket.getFileName());
            t.setDaemon(true);
            return t;
        });
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(loop)
                .channelType(EpollDomainSocketChannel.class)
                // runtimes check no authority; the default would be the socket path, which is no host name
                .overrideAuthority("localhost")
                .usePlaintext()
                // a CRI status with the OCI spec runs to tens of kB; an answer past this is refused, not buffered
                .maxInboundMessageSize(8 * 1024 * 1024)
                .build();
    }

    public Path socket() {
        return socket;
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
