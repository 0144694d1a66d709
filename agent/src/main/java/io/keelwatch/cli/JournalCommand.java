package io.keelwatch.cli;

import io.keelwatch.journal.JournalCatalog;
import io.keelwatch.journal.JournalConfig;
import io.keelwatch.journal.JournalExport;
import io.keelwatch.journal.JournalFormatException;
import io.keelwatch.replay.TimeSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "journal", description = "List or export the forensic journal.",
        subcommands = {JournalCommand.Ls.class, JournalCommand.Export.class})
public final class JournalCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch journal: give a subcommand: ls or export");
        return 2;
    }

    static String time(long ms) {
        return ms < 0 ? "-" : Instant.ofEpochMilli(ms).toString();
    }

    @Command(name = "ls", description = "Show the journal's cycle files with their time ranges and sizes.")
    static final class Ls implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "journal directory (default: ${DEFAULT-VALUE})")
        Path dir = JournalConfig.DEFAULT_DIR;

        @Override
        public Integer call() {
            List<JournalCatalog.Cycle> cycles;
            try {
                cycles = JournalCatalog.list(dir);
            } catch (JournalFormatException e) {
                System.err.println("keelwatch journal ls: " + e.getMessage());
                return 1;
            }
            PrintStream out = System.out;
            out.printf("%-20s %-24s %-24s %10s %12s%n", "CYCLE", "FIRST", "LAST", "INPUTS", "BYTES");
            long inputs = 0;
            long bytes = 0;
            for (JournalCatalog.Cycle c : cycles) {
                out.printf("%-20s %-24s %-24s %10d %12d%n", c.file().getFileName(), time(c.firstMs()), time(c.lastMs()),
                        c.inputs(), c.bytes());
                inputs += c.inputs();
                bytes += c.bytes();
            }
            out.printf("%-20s %-24s %-24s %10d %12d%n", "total " + cycles.size(), "", "", inputs, bytes);
            return 0;
        }
    }

    @Command(name = "export", description = "Export a time range as a capture bundle or as JSON lines.")
    static final class Export implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "journal directory (default: ${DEFAULT-VALUE})")
        Path dir = JournalConfig.DEFAULT_DIR;

        @Option(names = "--from", paramLabel = "TIME", description = "first receive time (ISO-8601 or epoch)")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "last receive time (ISO-8601 or epoch)")
        String to;

        @Option(names = "--format", paramLabel = "bundle|jsonl", description = "bundle (a directory, needs --out) or jsonl (default)")
        String format = "jsonl";

        @Option(names = "--out", paramLabel = "PATH", description = "bundle directory, or the JSON lines file (default: stdout)")
        Path out;

        @Override
        public Integer call() {
            long fromMs;
            long toMs;
            try {
                fromMs = from == null ? Long.MIN_VALUE : TimeSpec.parseMs(from);
                toMs = to == null ? Long.MAX_VALUE : TimeSpec.parseMs(to);
            } catch (IllegalArgumentException e) {
                System.err.println("keelwatch journal export: " + e.getMessage());
                return 2;
            }
            try {
                JournalExport.Counts counts;
                switch (format) {
                    case "bundle" -> {
                        if (out == null) {
                            System.err.println("keelwatch journal export: --format bundle needs --out DIR");
                            return 2;
                        }
                        counts = JournalExport.toBundle(dir, fromMs, toMs, out);
                    }
                    case "jsonl" -> {
                        if (out == null) {
                            counts = JournalExport.toJsonLines(dir, fromMs, toMs, System.out);
                        } else {
                            try (var o = java.nio.file.Files.newOutputStream(out)) {
                                counts = JournalExport.toJsonLines(dir, fromMs, toMs, o);
                            }
                        }
                    }
                    default -> {
                        System.err.println("keelwatch journal export: --format must be bundle or jsonl, not '" + format + "'");
                        return 2;
                    }
                }
                System.err.printf("exported %d audit lines, %d docker events, %d inspect documents, %d other inputs%n",
                        counts.auditLines(), counts.dockerEvents(), counts.inspectDocuments(), counts.other());
                return 0;
            } catch (IOException | JournalFormatException e) {
                System.err.println("keelwatch journal export: " + e.getMessage());
                return 1;
            }
        }
    }
}
