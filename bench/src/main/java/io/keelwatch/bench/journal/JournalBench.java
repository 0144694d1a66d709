package io.keelwatch.bench.journal;

import io.keelwatch.input.HostInput;
import io.keelwatch.journal.JournalConfig;
import io.keelwatch.journal.JournalFormatException;
import io.keelwatch.journal.JournalReader;
import io.keelwatch.journal.JournalWriter;
import io.keelwatch.replay.CaptureBundle;
import io.keelwatch.replay.InputSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Journal throughput on the real benign capture (78 k audit lines, Docker events, ticks): appending
 * every input (encode, space check, preallocation, Chronicle append, periodic msync) and reading them
 * all back (decode). The score is time per input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Chronicle's JVM flags come from io.keelwatch.bench.Main (the root pom's list), as for every benchmark
@Fork(1)
public class JournalBench {

    static final int INPUTS = 78_407; // 78 217 audit lines, 142 Docker events, 48 ticks

    List<HostInput> inputs;
    Path readDir;
    Path writeDir;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Path bundle = Path.of(System.getProperty("keelwatch.shared", "/work/shared"), "fixtures/captured/benign-containers");
        inputs = new ArrayList<>();
        try (InputSource s = CaptureBundle.open(bundle).inputs(1000)) {
            HostInput in;
            while ((in = s.next()) != null) {
                inputs.add(in);
            }
        }
        if (inputs.size() != INPUTS) {
            throw new IllegalStateException("the capture has " + inputs.size() + " inputs, the benchmark counts " + INPUTS);
        }
        readDir = Files.createTempDirectory("kw-bench-journal-read");
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(readDir).withReserveBytes(0))) {
            for (HostInput in : inputs) {
                w.append(in);
            }
        }
    }

    @Setup(Level.Invocation)
    public void freshWriteDir() throws IOException {
        writeDir = Files.createTempDirectory("kw-bench-journal-write");
    }

    @TearDown(Level.Invocation)
    public void dropWriteDir() throws IOException {
        delete(writeDir);
    }

    @TearDown(Level.Trial)
    public void dropReadDir() throws IOException {
        delete(readDir);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Every input of the capture appended to a fresh journal, synced and closed. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public long appendCapture() throws IOException {
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(writeDir).withReserveBytes(0))) {
            for (HostInput in : inputs) {
                w.append(in);
            }
            return w.stats().appended();
        }
    }

    /** Every input of the capture read back and decoded. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void readCapture(Blackhole bh) throws JournalFormatException {
        try (JournalReader r = JournalReader.open(readDir)) {
            while (r.hasNext()) {
                bh.consume(r.next());
            }
        }
    }

    /** The capture bundle read and merged (gunzip, line split, time parse): replay's input side. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void readBundle(Blackhole bh) throws IOException {
        Path bundle = Path.of(System.getProperty("keelwatch.shared", "/work/shared"), "fixtures/captured/benign-containers");
        try (InputSource s = CaptureBundle.open(bundle).inputs(1000)) {
            HostInput in;
            while ((in = s.next()) != null) {
                bh.consume(in);
            }
        }
    }
}
