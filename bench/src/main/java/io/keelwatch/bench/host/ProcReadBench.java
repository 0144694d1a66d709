package io.keelwatch.bench.host;

import io.keelwatch.host.HostLookup;
import io.keelwatch.host.live.LiveHostLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The live host's /proc reads as the process table makes them for every exec: {@code stat} and {@code cgroup} of a
 * live process (this JVM), and {@code stat} of a pid that is gone, the usual answer for a short-lived program such
 * as {@code /bin/true}, whose exec event is handled after it exited. Linux only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcReadBench {
    final Path proc = Path.of("/proc");
    final LiveHostLookup lookup = new LiveHostLookup(proc, null);
    final String self = Long.toString(ProcessHandle.current().pid());
    /** Above the default pid_max (4194304 is the 64-bit maximum): never a live pid. */
    final String gone = "4194305";

    @Benchmark
    public String liveStat() {
        return lookup.lookup(HostLookup.PROC_STAT, self);
    }

    @Benchmark
    public String liveCgroup() {
        return lookup.lookup(HostLookup.PROC_CGROUP, self);
    }

    @Benchmark
    public String goneStat() {
        return lookup.lookup(HostLookup.PROC_STAT, gone);
    }

    // The way LiveHostLookup read before ProcReader, side by side: on a shared machine only figures of one run compare.

    @Benchmark
    public String nioLiveStat() {
        return nio(proc.resolve(self).resolve("stat"));
    }

    @Benchmark
    public String nioGoneStat() {
        return nio(proc.resolve(gone).resolve("stat"));
    }

    private static String nio(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
