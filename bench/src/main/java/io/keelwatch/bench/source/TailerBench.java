package io.keelwatch.bench.source;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.source.AuditLogTailer;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.CheckpointTracker;
import io.keelwatch.audit.source.TailedLine;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
 * The file source on the real benign capture (78,217 lines, 16.9 MB, page cache warm): the tailer alone
 * (read, split, copy each line into its journal input), and the whole file consumer — tailer, parser,
 * reassembler — without and with the exactly-once {@link CheckpointTracker}, whose cost is the
 * difference. The score is time per line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TailerBench {
    static final int LINES = 78_217;

    Path file;

    @Setup(Level.Trial)
    public void inflate() throws Exception {
        Path capture = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
                "fixtures/captured/benign-containers/audit.log.gz");
        Path dir = Files.createTempDirectory("kw-bench-tailer");
        file = dir.resolve("audit.log");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(capture))) {
            Files.copy(in, file);
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws Exception {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.getParent());
    }

    private AuditLogTailer open() throws Exception {
        return new AuditLogTailer(file, null, AuditLogTailer.StartAt.BEGINNING, new AuditSourceStats());
    }

    private static void check(int n) {
        if (n != LINES) throw new IllegalStateException("read " + n + " lines, expected " + LINES);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void tail(Blackhole bh) throws Exception {
        int n = 0;
        try (AuditLogTailer t = open()) {
            for (TailedLine l; (l = t.nextLine(0)) != null; n++) bh.consume(l);
        }
        check(n);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void tailParseReassemble(Blackhole bh) throws Exception {
        consume(bh, false);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void tailParseReassembleTracked(Blackhole bh) throws Exception {
        consume(bh, true);
    }

    private void consume(Blackhole bh, boolean tracked) throws Exception {
        CheckpointTracker tracker = new CheckpointTracker(null);
        Reassembler r = Reassembler.ofRecords((id, recs) -> {
            if (tracked) tracker.handled(id);
            bh.consume(recs);
        }, Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
        AuditLineParser parser = new AuditLineParser();
        int n = 0;
        try (AuditLogTailer t = open()) {
            for (TailedLine l; (l = t.nextLine(0)) != null; n++) {
                byte[] line = l.input().line();
                AuditRecord rec;
                try {
                    rec = parser.parseLine(line, 0, line.length);
                } catch (MalformedRecordException e) {
                    if (tracked) tracker.line(l);
                    continue;
                }
                if (!tracked || !tracker.record(rec.eventId(), l)) r.add(rec);
                if (tracked && (n & 4095) == 0) bh.consume(tracker.checkpoint());
            }
        }
        r.flush();
        check(n);
    }
}
