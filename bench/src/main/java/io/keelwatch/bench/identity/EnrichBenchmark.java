package io.keelwatch.bench.identity;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.event.Enricher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link Enricher#enrich} per event:
 * <ul>
 *   <li>{@code knownProcess}: the common case, an event (open, connect, write) from a process the
 *       table knows, in one of 50 containers, 6 ancestors deep;</li>
 *   <li>{@code execOfNewProcess}: the exec and the exit of a process never seen (2 events, reported
 *       per event), its stat and cgroup answered by an in-memory /proc and parsed; pids cycle through
 *       64 Ki so they get reused, and the table is at its bound so insertions evict.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EnrichBenchmark {
    private static final int CONTAINERS = 50;
    private static final int KNOWN = 4096;
    private static final int MAX_PROCESSES = 16_384;

    private Enricher enricher;
    private SyntheticEvents.MapHost host;
    private static final int FRESH = 65_536;

    private List<SyscallEvent> knownEvents;
    private SyscallEvent[] freshExec;
    private SyscallEvent[] freshExit;
    private int next;
    private int nextFresh;
    private long serial;

    @Setup(Level.Trial)
    public void setUp() {
        host = new SyntheticEvents.MapHost();
        enricher = Enricher.create(host, MAX_PROCESSES);
        knownEvents = new ArrayList<>();
        List<String> argv = List.of("/usr/local/bin/python3", "-u", "/app/server.py", "--port", "8080");
        // Per container: shim-side init chain of 6 processes, then leaves that generate the events.
        int pid = 1000;
        for (int c = 0; c < CONTAINERS; c++) {
            String id = String.format("%064x", c + 1);
            int parent = 1;
            for (int depth = 0; depth < 6; depth++) {
                host.process(pid, parent, "sh", depth == 0 ? null : id);
                enricher.enrich(SyntheticEvents.event(++serial, 1_795_529_066_000L, pid, parent, "execve", 0,
                        "/bin/sh", "sh", argv));
                parent = pid++;
            }
            for (int leaf = 0; leaf < KNOWN / CONTAINERS; leaf++) {
                host.process(pid, parent, "python3", id);
                enricher.enrich(SyntheticEvents.event(++serial, 1_795_529_066_000L, pid, parent, "execve", 0,
                        "/usr/local/bin/python3", "python3", argv));
                knownEvents.add(SyntheticEvents.event(++serial, 1_795_529_066_000L, pid, parent, "connect", 0,
                        "/usr/local/bin/python3", "python3", List.of()));
                pid++;
            }
        }
        freshExec = new SyscallEvent[FRESH];
        freshExit = new SyscallEvent[FRESH];
        List<String> curl = List.of("curl", "-s", "http://10.0.0.1/");
        for (int i = 0; i < FRESH; i++) {
            int freshPid = 100_000 + i;
            int parent = 1000 + 6 * (i % CONTAINERS) + 5;
            host.process(freshPid, parent, "curl", String.format("%064x", i % CONTAINERS + 1));
            freshExec[i] = SyntheticEvents.event(++serial, 1_795_529_066_000L, freshPid, parent, "execve", 0,
                    "/usr/bin/curl", "curl", curl);
            freshExit[i] = SyntheticEvents.event(++serial, 1_795_529_066_000L, freshPid, parent, "exit_group", 0,
                    "/usr/bin/curl", "curl", List.of());
        }
        // Past the bound before measuring, so the exec benchmark evicts from the first call.
        for (int i = 0; i < MAX_PROCESSES; i++) {
            execOfNewProcess();
        }
    }

    @Benchmark
    public EnrichedEvent knownProcess() {
        SyscallEvent e = knownEvents.get(next);
        next = next + 1 == knownEvents.size() ? 0 : next + 1;
        return enricher.enrich(e);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public EnrichedEvent execOfNewProcess() {
        int i = nextFresh;
        nextFresh = i + 1 == FRESH ? 0 : i + 1;
        EnrichedEvent e = enricher.enrich(freshExec[i]);
        enricher.enrich(freshExit[i]);
        return e;
    }
}
