package io.keelwatch.bench.journal;

import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.pipeline.RulesBundle;
import io.keelwatch.host.HostLookup;
import io.keelwatch.input.HostInput;
import io.keelwatch.replay.CaptureBundle;
import io.keelwatch.replay.InputSource;
import io.keelwatch.replay.ReplayDriver;
import io.keelwatch.replay.ReplayOptions;
import io.keelwatch.replay.ReplayPipeline;
import io.keelwatch.replay.ReplayTarget;
import java.io.IOException;
import java.nio.file.Path;
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
 * Replay's steady-state cost per input on the real benign capture with the whole shipped pack: the
 * capture read from disk (gunzip, line split, time merge, ticks) and every input through the pipeline
 * core (parse, reassemble, enrich from recorded lookups, rules, alert folding). {@code coreOnly}
 * feeds inputs already in memory, so the difference is the bundle reader's share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class ReplayBench {

    static final Path BUNDLE = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
            "fixtures/captured/benign-containers");

    String rules;
    List<HostInput> inputs;
    long alerts;

    @Setup(Level.Trial)
    public void load() throws IOException {
        rules = RulesBundle.shippedPack();
        inputs = new ArrayList<>();
        CaptureBundle bundle = CaptureBundle.open(BUNDLE);
        try (InputSource s = bundle.inputs(1000)) {
            HostInput in;
            while ((in = s.next()) != null) {
                inputs.add(in);
            }
        }
        inputs.addAll(0, bundle.inspectLookups(inputs.get(0).receivedAtMs()));
        if (inputs.size() != JournalBench.INPUTS + 3) {
            throw new IllegalStateException("the capture has " + inputs.size() + " inputs");
        }
    }

    private ReplayPipeline pipeline() {
        return new ReplayPipeline(ConfigLoader.defaults(), "bench", a -> alerts++, HostLookup.none());
    }

    @Benchmark
    @OperationsPerInvocation(JournalBench.INPUTS)
    public long bundleThroughCore() throws IOException {
        new ReplayDriver(pipeline(), ReplayOptions.all(rules)).replay(CaptureBundle.open(BUNDLE), 1000);
        return alerts;
    }

    @Benchmark
    @OperationsPerInvocation(JournalBench.INPUTS)
    public long coreOnly() {
        ReplayTarget core = pipeline();
        core.accept(new HostInput.ConfigChange(0, ReplayOptions.RULES, rules));
        for (HostInput in : inputs) {
            core.accept(in);
        }
        core.finish();
        return alerts;
    }
}
