package io.keelwatch.cli;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigException;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.pipeline.RuleSources;
import io.keelwatch.agent.pipeline.RulesBundle;
import io.keelwatch.host.HostLookup;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.lang.Diagnostic;
import io.keelwatch.agent.pipeline.PipelineStats;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertJson;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.journal.JournalFormatException;
import io.keelwatch.journal.JournalReader;
import io.keelwatch.replay.CaptureBundle;
import io.keelwatch.replay.JournalSource;
import io.keelwatch.replay.ReplayDriver;
import io.keelwatch.replay.ReplayOptions;
import io.keelwatch.replay.ReplayPipeline;
import io.keelwatch.replay.ReplayStats;
import io.keelwatch.replay.ReplaySummary;
import io.keelwatch.replay.TimeSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = {"Replay a journal or capture bundle through the rules.",
        "Runs the same pipeline as the live agent on the recording's own clock, with no lookup of this host. "
                + "Alerts go to stdout as JSON lines; progress to stderr."})
public final class ReplayCommand implements Callable<Integer> {

    /** Ticks synthesized for capture bundles, in ms of log time (the live agent ticks every second). */
    static final long BUNDLE_TICK_MS = 1_000;

    @Parameters(index = "0", paramLabel = "PATH", description = "journal directory or capture bundle directory")
    Path path;

    @Option(names = "--rules", paramLabel = "PATH",
            description = "rule file or directory loaded after the shipped pack and /etc/keelwatch/rules.d (repeatable)")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-default-rules", description = "--rules replaces the shipped pack and rules.d")
    boolean noDefaultRules;

    @Option(names = "--recorded-rules", description = "use the rules recorded in the journal instead of --rules")
    boolean recordedRules;

    @Option(names = "--from", paramLabel = "TIME", description = "first log time replayed (ISO-8601 or epoch)")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "last log time replayed (ISO-8601 or epoch)")
    String to;

    @Option(names = "--cold", description = "skip the audit input before --from (faster; processes started earlier are then unknown)")
    boolean cold;

    @Option(names = "--container", paramLabel = "NAME|ID", description = "only alerts from this container (name, full or short id)")
    String container;

    @Option(names = "--output", paramLabel = "json|text", description = "json (default): one alert per line; text: one readable line per alert")
    String output = "json";

    @Option(names = "--host", paramLabel = "NAME", description = "host name the alerts carry (default: the config's host)")
    String host;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the agent's config file, for the settings alerts depend on (default: /etc/keelwatch/keelwatch.yaml when it exists)")
    Path config;

    @Option(names = "--quiet", description = "no progress or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        long fromMs;
        long toMs;
        try {
            fromMs = from == null ? Long.MIN_VALUE : TimeSpec.parseMs(from);
            toMs = to == null ? Long.MAX_VALUE : TimeSpec.parseMs(to);
        } catch (IllegalArgumentException e) {
            err.println("keelwatch replay: " + e.getMessage());
            return 2;
        }
        if (!output.equals("json") && !output.equals("text")) {
            err.println("keelwatch replay: --output must be json or text, not '" + output + "'");
            return 2;
        }
        AgentConfig settings;
        try {
            Path file = config != null ? config : Files.exists(ConfigLoader.DEFAULT_FILE) ? ConfigLoader.DEFAULT_FILE : null;
            settings = file == null ? ConfigLoader.defaults() : ConfigLoader.load(file, Map.of());
        } catch (ConfigException e) {
            err.println("keelwatch replay: " + e.getMessage());
            return 2;
        }
        String rulesText;
        try {
            rulesText = recordedRules ? null : noDefaultRules ? RuleSources.bundle(false, null, rules)
                    : RuleSources.bundle(settings.rules().defaultPack(), settings.rules().localDir(), rules);
        } catch (IOException e) {
            err.println("keelwatch replay: rules: " + e.getMessage());
            return 2;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        AlertSink sink = alertSink(out, fromMs, toMs);
        ReplayPipeline pipeline = new ReplayPipeline(settings, host == null ? settings.host() : host, sink,
                HostLookup.none());
        if (rulesText != null) {
            try {
                pipeline.checkRules(rulesText);
            } catch (IllegalArgumentException e) {
                err.println("keelwatch replay: rules do not load:\n" + e.getMessage());
                return 2;
            }
        }
        ReplayOptions options = new ReplayOptions(fromMs, toMs, cold, rulesText, quiet ? null : err, 2_000);
        ReplayStats stats;
        try {
            if (JournalReader.isJournal(path)) {
                try (JournalSource journal = new JournalSource(path)) {
                    stats = new ReplayDriver(pipeline, options).replay(journal);
                }
            } else if (CaptureBundle.isBundle(path)) {
                stats = new ReplayDriver(pipeline, options).replay(CaptureBundle.open(path), BUNDLE_TICK_MS);
            } else {
                err.println("keelwatch replay: " + path + " is neither a journal (*.cq4) nor a capture bundle (audit.log[.gz], docker-events.jsonl[.gz])");
                return 2;
            }
            out.flush();
        } catch (IOException | JournalFormatException | UncheckedIOException e) {
            err.println("keelwatch replay: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("keelwatch replay: rules do not load:\n" + e.getMessage());
            return 2;
        }
        if (!quiet) {
            PipelineStats ps = pipeline.core().stats();
            err.printf("replayed %,d inputs (%s .. %s) in %.1f s, %,.0f inputs/s; %d alerts; %d corrupt excerpts skipped;"
                            + " %d recorded rules changes replaced; %d lookups unanswered%s%n",
                    stats.inputs(), JournalCommand.time(stats.firstMs()), JournalCommand.time(stats.lastMs()),
                    stats.wallNanos() / 1e9, stats.inputsPerSecond(),
                    printed[0], stats.corrupt(),
                    stats.rulesReplaced(), pipeline.identity().unanswered(),
                    ps.rulesError() == null ? "" : "; rules error: " + ps.rulesError());
            Map<String, Long> dropped = new java.util.TreeMap<>();
            ps.dropped().forEach((k, n) -> dropped.merge(String.join(" ", k), n, Long::sum));
            summary.print(err, stats, pipeline.identity().unanswered(), dropped);
        }
        return 0;
    }

    private final long[] printed = new long[1];
    private final ReplaySummary summary = new ReplaySummary();

    private AlertSink alertSink(Writer out, long fromMs, long toMs) {
        boolean text = output.equals("text");
        return a -> {
            long t = a.time().toEpochMilli();
            if (t < fromMs || t > toMs || (container != null && !matchesContainer(a))) {
                return;
            }
            printed[0]++;
            summary.count(a);
            try {
                out.write(text ? textLine(a) : AlertJson.line(a));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write alerts", e);
            }
        };
    }

    private boolean matchesContainer(Alert a) {
        if (a.container() == null) {
            return false;
        }
        String id = a.container().id();
        String name = a.container().name();
        String want = container.startsWith("/") ? container.substring(1) : container;
        return want.equals(name) || (want.length() >= 4 && id != null && id.startsWith(want));
    }

    static String textLine(Alert a) {
        String where = a.container() == null ? "host" : a.container().name() + " (" + a.container().id().substring(0,
                Math.min(12, a.container().id().length())) + ")";
        return AlertJson.time(a.time()) + " " + a.priority().name() + " " + a.rule() + " ["
                + where + "] " + a.output() + (a.folded() == null ? "" : " (x" + a.folded().count() + ")");
    }

    /** The rule files at these paths (directories: their rule files by name), as a rules bundle. */
    static String rulesBundle(List<Path> paths) throws IOException {
        List<Diagnostic> problems = new ArrayList<>();
        List<RuleLoader.RuleText> texts = new ArrayList<>();
        for (Path f : RuleLoader.expand(paths, problems)) {
            texts.add(new RuleLoader.RuleText(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.get(0).toString());
        }
        return RulesBundle.encode(texts);
    }
}
