package io.keelwatch.bench.audit;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditLogReader;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.EventId;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.audit.Reassembler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the audit collector's hot path over the real capture (78,217 records of a benign
 * container host, ENRICHED): one benchmark op is one pass over the whole capture, so records/s is
 * {@code ops/s × records} (printed at setup; {@code bench/parse-vs-ausearch.sh} gives whole-process figures).
 *
 * <p>Capture path: {@code -Dkeelwatch.capture=...}, else {@code ../shared/...} or {@code /work/shared/...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditParseBenchmark {
    static final String REL = "fixtures/captured/benign-containers/audit.log.gz";

    /** The capture, decompressed, and the offsets of its lines. */
    byte[] text;
    int[] starts;
    int[] ends;

    @Setup
    public void load() throws IOException {
        Path p = capture();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
            in.transferTo(out);
        }
        text = out.toByteArray();
        int n = 0;
        for (byte b : text) {
            if (b == '\n') {
                n++;
            }
        }
        starts = new int[n];
        ends = new int[n];
        int s = 0;
        int k = 0;
        for (int i = 0; i < text.length && k < n; i++) {
            if (text[i] == '\n') {
                starts[k] = s;
                ends[k++] = i;
                s = i + 1;
            }
        }
        System.out.println("\n[audit bench] " + p + ": " + n + " records per op");
    }

    static Path capture() {
        String prop = System.getProperty("keelwatch.capture");
        if (prop != null) {
            return Path.of(prop);
        }
        for (String base : new String[] {"../shared", "../../shared", "/work/shared"}) {
            Path p = Path.of(base, REL);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("capture not found; pass -Dkeelwatch.capture=PATH");
    }

    /** Line parsing alone: header, body check, one copy of the line (fields are indexed lazily). */
    @Benchmark
    public void parse(Blackhole bh) throws MalformedRecordException {
        AuditLineParser parser = new AuditLineParser();
        for (int i = 0; i < starts.length; i++) {
            bh.consume(parser.parseLine(text, starts[i], ends[i] - starts[i]));
        }
    }

    /** Parsing plus indexing every field of every record (what full decoding pays per record). */
    @Benchmark
    public int parseIndexFields(Blackhole bh) throws MalformedRecordException {
        AuditLineParser parser = new AuditLineParser();
        int fields = 0;
        for (int i = 0; i < starts.length; i++) {
            AuditRecord r = parser.parseLine(text, starts[i], ends[i] - starts[i]);
            fields += r.fieldCount();
            bh.consume(r);
        }
        return fields;
    }

    /** Parse and reassemble into events (records handed on undecoded, as {@code parse --count} does). */
    @Benchmark
    public long parseReassemble(Blackhole bh) throws MalformedRecordException {
        AuditLineParser parser = new AuditLineParser();
        long[] events = new long[1];
        Reassembler re = Reassembler.ofRecords((EventId id, List<AuditRecord> recs) -> {
            events[0]++;
            bh.consume(recs);
        }, Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
        for (int i = 0; i < starts.length; i++) {
            re.add(parser.parseLine(text, starts[i], ends[i] - starts[i]));
        }
        re.flush();
        return events[0];
    }

    /**
     * What {@code keelwatch parse --count} does per record: read lines from a stream, parse, reassemble,
     * all on one thread ({@link #readAhead} is the same work with parsing on a second thread).
     */
    @Benchmark
    public long readDirect(Blackhole bh) throws IOException {
        return readCounting(false, bh);
    }

    /** As {@link #readDirect}, with {@link AuditLogReader#readAhead}: lines split and parsed on a second thread. */
    @Benchmark
    public long readAhead(Blackhole bh) throws IOException {
        return readCounting(true, bh);
    }

    private long readCounting(boolean ahead, Blackhole bh) throws IOException {
        long[] events = new long[1];
        Reassembler re = Reassembler.ofRecords((EventId id, List<AuditRecord> recs) -> {
            events[0]++;
            bh.consume(recs);
        }, Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
        AuditLogReader reader = ahead ? AuditLogReader.readAhead(re::add, bh::consume)
                : new AuditLogReader(re::add, bh::consume);
        reader.read(new java.io.ByteArrayInputStream(text), "capture");
        re.flush();
        return events[0];
    }

    /** Parse, reassemble and decode every event into SyscallEvent / StandaloneEvent. */
    @Benchmark
    public long parseReassembleDecode(Blackhole bh) throws MalformedRecordException {
        AuditLineParser parser = new AuditLineParser();
        long[] events = new long[1];
        Reassembler re = new Reassembler((AuditEvent e) -> {
            events[0]++;
            bh.consume(e);
        });
        for (int i = 0; i < starts.length; i++) {
            re.add(parser.parseLine(text, starts[i], ends[i] - starts[i]));
        }
        re.flush();
        return events[0];
    }
}
