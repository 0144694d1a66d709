package io.keelwatch.cli;

import io.keelwatch.audit.AuditArch;
import io.keelwatch.audit.AuditLogReader;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.EventDecoder;
import io.keelwatch.audit.EventId;
import io.keelwatch.audit.ParseError;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.ReassemblyStats;
import io.keelwatch.audit.RecordType;
import io.keelwatch.audit.json.EventJson;
import io.keelwatch.audit.json.JsonWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keelwatch parse FILE...}: reads auditd logs (plain or gzip, in the order given, as one stream so
 * rotated files join up), reassembles events and prints each as a JSON line; {@code --count} prints one
 * summary object instead. Lines that do not parse go to stderr as {@code file:line: reason} and are counted.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Parse audit logs (plain or .gz) and print events as JSON lines.")
public final class ParseCommand implements Callable<Integer> {
    /** Errors printed to stderr before only counting them. */
    static final int MAX_ERRORS_SHOWN = 100;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "auditd log files, plain or gzip")
    List<Path> files;

    @Option(names = "--count", description = "print one summary JSON object instead of the events")
    boolean count;

    @Option(names = "--timeout-ms", defaultValue = "2000",
            description = "close an event once log time is this far past it (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--max-in-flight", defaultValue = "1024",
            description = "most events kept open at once; the oldest is emitted beyond (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private Progress progress;
    private long records;
    private long events;
    private long firstMs = -1;
    private long lastMs = -1;

    private final Map<String, long[]> byRecordType = new HashMap<>();
    private final Map<String, long[]> bySyscall = new HashMap<>();
    private long errors;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Reassembler.Sink each = count ? this::countEvent : printer(out);
        Reassembler.Sink sink = (id, recs) -> {
            events++;
            each.event(id, recs);
        };
        Reassembler reassembler = Reassembler.ofRecords(sink, timeoutMs, maxInFlight);
        AuditLogReader reader = AuditLogReader.readAhead(r -> {
            countRecord(r);
            reassembler.add(r);
        }, e -> reportError(err, e));
        // A person at a terminal sees progress (share of the input bytes, rate) and a summary at the end.
        Progress progress = Terminal.stderrIsTerminal() ? new Progress(err, files) : null;
        this.progress = progress;
        for (Path f : files) {
            try {
                if (progress == null) {
                    reader.read(f);
                } else {
                    try (java.io.InputStream in = progress.open(f)) {
                        reader.read(in, f.toString());
                    }
                    progress.fileDone(records);
                }
            } catch (IOException e) {
                err.println("keelwatch parse: " + f + ": " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        reassembler.flush();
        ReassemblyStats stats = reassembler.stats();
        if (errors > MAX_ERRORS_SHOWN) {
            err.println("keelwatch parse: " + (errors - MAX_ERRORS_SHOWN) + " more unparsable lines not shown");
        }
        if (count) {
            out.println(summary(reader, stats));
        }
        if (progress != null) {
            progress.summary(records, events, errors, firstMs, lastMs);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static Reassembler.Sink printer(PrintWriter out) {
        EventDecoder decoder = new EventDecoder();
        EventJson json = new EventJson();
        return (id, records) -> {
            out.append(json.write(decoder.decode(id, records)));
            out.append('\n');
        };
    }

    private void countRecord(AuditRecord r) {
        records++;
        if (firstMs < 0) {
            firstMs = r.timestampMs();
        }
        lastMs = Math.max(lastMs, r.timestampMs());
        if (progress != null && (records & 0xffff) == 0) {
            progress.tick(records);
        }
        byRecordType.computeIfAbsent(r.typeName(), k -> new long[1])[0]++;
    }

    private void countEvent(EventId id, List<AuditRecord> records) {
        for (AuditRecord r : records) {
            if (r.type() == RecordType.SYSCALL) {
                String arch = AuditArch.name(r.fieldHex("arch", -1));
                String name = AuditArch.syscallName(arch, (int) r.fieldLong("syscall", -1));
                bySyscall.computeIfAbsent(name, k -> new long[1])[0]++;
                return;
            }
        }
    }

    private void reportError(PrintWriter err, ParseError e) {
        if (++errors <= MAX_ERRORS_SHOWN) {
            err.println(e);
        }
    }

    private String summary(AuditLogReader reader, ReassemblyStats s) {
        JsonWriter w = new JsonWriter();
        w.beginObject()
                .field("records", reader.records())
                .field("events", s.events())
                .field("errors", reader.errors());
        counts(w, "by_record_type", byRecordType);
        counts(w, "by_syscall", bySyscall);
        w.name("reassembly").beginObject()
                .field("completed", s.completed()).field("timed_out", s.timedOut()).field("evicted", s.evicted())
                .field("flushed", s.flushed()).field("late", s.late()).field("stray_eoe", s.strayEoe())
                .field("serial_gaps", s.serialGaps()).field("out_of_order", s.outOfOrder())
                .field("duplicate_serials", s.duplicateSerials()).field("serial_resets", s.serialResets())
                .endObject();
        return w.endObject().toString();
    }

    private static void counts(JsonWriter w, String name, Map<String, long[]> counts) {
        w.name(name).beginObject();
        for (Map.Entry<String, long[]> e : new TreeMap<>(counts).entrySet()) {
            w.field(e.getKey(), e.getValue()[0]);
        }
        w.endObject();
    }
}
