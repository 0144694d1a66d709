package io.keelwatch.bench.rules;

import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.RuleEngine;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.testing.CaptureReplay;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through the rule engine, on the real benign capture (14,130 syscall events of
 * busybox containers, shared/fixtures/captured/benign-containers): one op = one event evaluated.
 * {@code pack}: the shipped pack, or N synthetic Falco-style rules (10 to 500) to show how cost
 * grows with the rule count.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RuleEngineBench -p pack=shipped,10,50,100,250,500
 * -jvmArgs -Dkeelwatch.shared=/work/shared}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBench {

    @Param({"shipped", "10", "50", "100", "250", "500"})
    public String pack;

    private EnrichedEvent[] events;
    private RuleEngine engine;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = Path.of(System.getProperty("keelwatch.shared", "/work/shared"), "fixtures", "captured", "benign-containers");
        CaptureReplay capture = new CaptureReplay(dir.resolve("docker-inspect.jsonl.gz"));
        List<EnrichedEvent> list = new ArrayList<>();
        capture.replay(dir.resolve("audit.log.gz"), list::add);
        events = list.toArray(EnrichedEvent[]::new);
        RuleSet set = pack.equals("shipped") ? RuleLoader.loadDefaultPack()
                : RuleLoader.compile(List.of(new RuleLoader.RuleText("synthetic.yaml", SyntheticRules.yaml(Integer.parseInt(pack)))));
        if (set.hasErrors() || set.rules().isEmpty()) {
            throw new IllegalStateException("rules did not load: " + set.errors());
        }
        engine = new RuleEngine(set);
    }

    @Benchmark
    public int evaluate() {
        EnrichedEvent e = events[next];
        next = next + 1 == events.length ? 0 : next + 1;
        return engine.evaluate(e).size();
    }
}
