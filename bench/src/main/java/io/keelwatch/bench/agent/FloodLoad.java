package io.keelwatch.bench.agent;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.daemon.Agent;
import io.keelwatch.agent.pipeline.BasicIdentity;
import io.keelwatch.agent.pipeline.CoreSpec;
import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.PipelineStats;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Load test of the live agent: floods its input queue with real audit events (the team's capture, each
 * event given a fresh timestamp and serial) at a target rate for a duration, through the whole live
 * pipeline (queue, core, alert sinks, metrics), and reports heap use and the accounting of every record:
 * offered = taken by the core + dropped at the queue (counted), with nothing unaccounted.
 *
 * <pre>java -Xmx256m -cp ... io.keelwatch.bench.agent.FloodLoad CAPTURE.gz [events/s] [seconds] [dataDir]</pre>
 */
public final class FloodLoad {

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dataDir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("kw-flood");
        List<byte[][][]> events = events(capture);
        System.err.printf("templates: %d events from %s%n", events.size(), capture);

        Map<String, String> set = new HashMap<>();
        set.put("host", "flood");
        set.put("data_dir", dataDir.toString());
        set.put("audit.source", "none");
        set.put("alerts.stdout", "false");
        set.put("metrics.listen", "127.0.0.1:19143");
        AgentConfig cfg = ConfigLoader.load(null, set);
        long offeredRecords = 0;
        long offeredEvents = 0;
        long peakHeap = 0;
        long peakLive = 0;
        int peakQueue = 0;
        List<String> samples = new ArrayList<>();
        try (Agent agent = Agent.start(cfg, new Agent.Parts(CoreSpec.from(cfg).audit(),
                new BasicIdentity(), FloodDetector.factory("flood"), "/usr/bin/docker", List.of(), InputRecorder.NONE,
                m -> { }), new PrintStream(PrintStream.nullOutputStream()))) {
            InputQueue q = agent.queue();
            AuditLineParser parser = new AuditLineParser();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long baseMs = System.currentTimeMillis();
            long serial = 1;
            long nextSample = start;
            int t = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                long due = (now - start) * rate / 1_000_000_000L;
                while (offeredEvents < due) {
                    byte[][][] ev = events.get(t++ % events.size());
                    long ms = baseMs + offeredEvents * 1000 / rate;
                    byte[] stamp = ("audit(" + (ms / 1000) + "." + pad3(ms % 1000) + ":" + serial++ + "):")
                            .getBytes(StandardCharsets.US_ASCII);
                    for (byte[][] line : ev) {
                        byte[] bytes = new byte[line[0].length + stamp.length + line[1].length];
                        System.arraycopy(line[0], 0, bytes, 0, line[0].length);
                        System.arraycopy(stamp, 0, bytes, line[0].length, stamp.length);
                        System.arraycopy(line[1], 0, bytes, line[0].length + stamp.length, line[1].length);
                        // parsed here, as a live source parses on its own thread
                        q.offer(Received.parse(parser, new HostInput.AuditLine(ms, "flood", bytes), true));
                        offeredRecords++;
                    }
                    offeredEvents++;
                }
                if (now >= nextSample) {
                    long heap = heapUsed();
                    peakHeap = Math.max(peakHeap, heap);
                    peakLive = Math.max(peakLive, heapAfterLastGc());
                    peakQueue = Math.max(peakQueue, q.depth());
                    if (samples.size() < 1000 && (now - start) / 1_000_000_000L % 10 == 0 && now - nextSample < 200_000_000L) {
                        samples.add(String.format("t=%ds heap=%dMiB after-gc=%dMiB queue=%d",
                                (now - start) / 1_000_000_000L, heap >> 20, heapAfterLastGc() >> 20, q.depth()));
                    }
                    nextSample = now + 100_000_000L;
                }
                Thread.onSpinWait();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long dropped = q.droppedAuditTotal();
            // Let the core drain what is queued, then read its counters.
            while (q.depth() > 0) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // a tick publishes the core's counters
            PipelineStats s = agent.core().stats();
            long taken = s.inputsByKind().getOrDefault("AuditLine", 0L);
            long parsed = s.audit().recordsByType().values().stream().mapToLong(Long::longValue).sum();
            long events2 = s.eventsByType().values().stream().mapToLong(Long::longValue).sum();
            samples.forEach(System.err::println);
            System.out.printf("target=%d events/s for %ds; offered %d events (%.0f/s), %d records (%.0f/s)%n",
                    rate, seconds, offeredEvents, offeredEvents / elapsed, offeredRecords, offeredRecords / elapsed);
            System.out.printf("core took %d records (%.0f/s), parsed %d, events %d; dropped at queue %d "
                    + "(counted in keelwatch_dropped_total{stage=\"queue\",reason=\"full\"})%n",
                    taken, taken / elapsed, parsed, events2, dropped);
            System.out.printf("unaccounted records: %d%n", offeredRecords - taken - dropped);
            System.out.printf("heap: peak live set (after GC) %d MiB; peak used incl. garbage %d MiB, max %d MiB; queue peak %d of %d; alerts %s, folded %d%n",
                    peakLive >> 20, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20, peakQueue, q.capacity(), s.alerts(),
                    s.folded());
            System.out.printf("heap after full GC at end: %d MiB%n", afterGc() >> 20);
        }
    }

    private static String pad3(long v) {
        return v < 10 ? "00" + v : v < 100 ? "0" + v : Long.toString(v);
    }

    /** Heap in use right after the last collection of each pool: the live set, garbage excluded. */
    private static long heapAfterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                used += p.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                used += p.getUsage().getUsed();
            }
        }
        return used;
    }

    private static long afterGc() {
        System.gc();
        return heapUsed();
    }

    /**
     * Events of the capture as groups of lines (by the audit(...) stamp), in order of first record; each
     * line split into the bytes before and after its stamp, so the flood only copies bytes.
     */
    static List<byte[][][]> events(Path capture) throws Exception {
        Map<String, List<String>> byId = new java.util.LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(capture)), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                int a = l.indexOf("audit(");
                int b = a < 0 ? -1 : l.indexOf("):", a);
                if (b < 0 || l.startsWith("type=DAEMON")) {
                    continue;
                }
                byId.computeIfAbsent(l.substring(a, b), k -> new ArrayList<>()).add(l);
            }
        }
        List<byte[][][]> out = new ArrayList<>();
        for (List<String> ev : byId.values()) {
            byte[][][] lines = new byte[ev.size()][][];
            for (int i = 0; i < ev.size(); i++) {
                String l = ev.get(i);
                int a = l.indexOf("audit(");
                int b = l.indexOf("):", a) + 2;
                lines[i] = new byte[][] {l.substring(0, a).getBytes(StandardCharsets.UTF_8),
                        l.substring(b).getBytes(StandardCharsets.UTF_8)};
            }
            out.add(lines);
        }
        return out;
    }
}
