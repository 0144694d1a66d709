package io.keelwatch.bench.source;

import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.NetlinkAuditSocket;
import io.keelwatch.audit.source.NetlinkMessage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The netlink source's receive on an empty socket: the non-blocking {@code recvfrom} that finds nothing
 * (EAGAIN), which the live agent makes once per wake-up, i.e. about once per audit record at 1000 execs/s (the
 * reader drains faster than records come). A NETLINK_AUDIT socket that is neither the audit daemon nor in the
 * multicast group never receives anything, so every call is that path. Linux only; changes nothing in the kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NetlinkReceiveBench {
    NetlinkAuditSocket socket;

    @Setup(Level.Trial)
    public void open() throws IOException {
        socket = NetlinkAuditSocket.open(0, 0, new AuditSourceStats());
    }

    @TearDown(Level.Trial)
    public void close() {
        socket.close();
    }

    @Benchmark
    public NetlinkMessage emptyReceive() throws IOException {
        return socket.receive(0);
    }
}
