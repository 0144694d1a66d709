package io.keelwatch.agent.daemon;

import io.keelwatch.agent.BuildInfo;
import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.AuditStage;
import io.keelwatch.agent.pipeline.CoreSpec;
import io.keelwatch.agent.pipeline.Detector;
import io.keelwatch.agent.pipeline.Detectors;
import io.keelwatch.agent.pipeline.IdentityStage;
import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.LookupLog;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.agent.pipeline.PipelineRunner;
import io.keelwatch.agent.pipeline.Ticker;
import io.keelwatch.alert.AlertFormat;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.alert.JsonLinesSink;
import io.keelwatch.alert.alertmanager.AlertmanagerClient;
import io.keelwatch.alert.alertmanager.AlertmanagerForwarder;
import io.keelwatch.alert.http.HttpForwarder;
import io.keelwatch.alert.http.HttpTransport;
import io.keelwatch.input.HostInput;
import io.keelwatch.metrics.AgentMetrics;
import io.keelwatch.metrics.CallbackMetric;
import io.keelwatch.metrics.MetricsServer;
import io.keelwatch.rules.engine.Priority;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The live agent: sources and a ticker feed one bounded queue; one thread takes each input, shows it to
 * the recorder (journal) and to the {@link PipelineCore}; alerts go to JSON lines and the Alertmanager
 * outboxes; metrics are served over HTTP. The first inputs are the agent's pid and the rules, as
 * {@link HostInput.ConfigChange}s, so a journal replays with the rules that were in force.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Agent.class.getName());

    /**
     * What the agent is built from: the stages (real or, in tests, stand-ins), the rules and the sources.
     *
     * @param rulesContent the rules text the detector factory understands
     * @param metrics      adds the parts' own counters (sources, journal) to the agent's metrics
     * @param lookups      live lookup answers for the recorder, or {@code null} when nothing looks up the host
     * @param eventsDone   told of each audit event the core has finished with (the checkpointing file source)
     */
    public record Parts(AuditStage.Factory audit, IdentityStage identity, Detector.Factory detectors,
                        String rulesContent, List<InputSource> sources, InputRecorder recorder,
                        Consumer<AgentMetrics> metrics, LookupLog lookups, PipelineCore.EventsDone eventsDone) {
        public Parts {
            sources = List.copyOf(sources);
            eventsDone = eventsDone == null ? PipelineCore.EventsDone.NONE : eventsDone;
        }

        public Parts(AuditStage.Factory audit, IdentityStage identity, Detector.Factory detectors,
                     String rulesContent, List<InputSource> sources, InputRecorder recorder,
                     Consumer<AgentMetrics> metrics) {
            this(audit, identity, detectors, rulesContent, sources, recorder, metrics, null, null);
        }
    }

    private final AgentConfig config;
    private final AgentMetrics metrics;
    private final InputQueue queue;
    private final PipelineCore core;
    private final PipelineRunner runner;
    private final Thread runnerThread;
    private final Supervisor supervisor = new Supervisor();
    private final Ticker ticker;
    private final List<InputSource> sources;
    private final Detector.Factory detectors;
    private final List<CountingSink> sinks = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AlertmanagerForwarder alertmanager;
    private final HttpForwarder httpOutput;
    private final MetricsServer metricsServer;
    private String rulesContent;
    private boolean closed;

    private Agent(AgentConfig config, Parts parts, PrintStream stdout, SystemdNotify notify) throws Exception {
        this.config = config;
        this.sources = parts.sources();
        this.detectors = parts.detectors();
        this.rulesContent = parts.rulesContent();
        parts.detectors().load(parts.rulesContent()); // fail at start, not silently in the core
        metrics = new AgentMetrics(BuildInfo.version(), true);
        new CallbackMetric("keelwatch_sd_notify_failures", "sd_notify messages to systemd that could not be sent.",
                CallbackMetric.Kind.COUNTER, List.of()).add(notify::failures).register(metrics.registry());
        metrics.rulesInfo(rulesDigest(rulesContent), io.keelwatch.rules.engine.RulePack.shippedVersion());
        metrics.up().addAll(supervisor::up);

        AlertFormat format = AlertFormat.of(config.alerts().format());
        if (config.alerts().stdout()) {
            JsonLinesSink s = JsonLinesSink.of(stdout, format);
            closeables.add(s);
            sinks.add(new CountingSink("stdout", s));
        }
        if (config.alerts().file() != null) {
            JsonLinesSink s = JsonLinesSink.append(config.alerts().file(), format);
            closeables.add(s);
            sinks.add(new CountingSink("file", s));
        }
        if (!config.alertmanager().urls().isEmpty()) {
            AgentConfig.Alertmanager am = config.alertmanager();
            alertmanager = new AlertmanagerForwarder(am.urls(), new AlertmanagerClient.Options(am.timeout(),
                    am.caFile(), am.insecureSkipVerify(), am.username(), am.passwordFile(), am.bearerTokenFile()),
                    am.outboxDir(), am.outboxMax(), am.resendInterval(), am.holdFor(), am.labels(),
                    System::currentTimeMillis);
            sinks.add(new CountingSink("alertmanager", alertmanager));
        } else {
            alertmanager = null;
        }
        AgentConfig.Http h = config.alerts().http();
        if (h.url() != null) {
            httpOutput = new HttpForwarder(h.url(), new HttpTransport.Options(h.timeout(), h.caFile(),
                    h.insecureSkipVerify(), h.username(), h.passwordFile(), h.bearerTokenFile()), format,
                    h.outboxDir(), h.outboxMax());
            closeables.add(httpOutput);
            sinks.add(new CountingSink("http", httpOutput));
        } else {
            httpOutput = null;
        }
        List<AlertSink> all = new ArrayList<>(sinks);
        all.add(a -> metrics.detectionLatency().observe(
                Math.max(0, System.currentTimeMillis() - a.time().toEpochMilli()) / 1000.0));

        queue = new InputQueue(config.pipeline().queueCapacity());
        PipelineCore.Options options = CoreSpec.from(config).options();
        core = new PipelineCore(parts.audit(), parts.identity(), Detectors.NONE, parts.detectors(),
                AlertSink.all(all), options, System::nanoTime,
                nanos -> metrics.ruleEvaluation().observe(nanos / 1e9), parts.eventsDone());
        long now = System.currentTimeMillis();
        queue.put(new HostInput.ConfigChange(now, PipelineCore.ALERT_OPTIONS, options.encode()));
        queue.put(new HostInput.ConfigChange(now, PipelineCore.AGENT_PID, Long.toString(ProcessHandle.current().pid())));
        queue.put(new HostInput.ConfigChange(now, PipelineCore.RULES, parts.rulesContent()));
        // systemd's watchdog is fed from the core's own loop: a wedged core stops feeding it and gets restarted
        Runnable heartbeat = notify.watchdog().<Runnable>map(d -> new WatchdogPacer(d, notify::watchdogPing,
                System::nanoTime)).orElse(() -> { });
        runner = new PipelineRunner(queue, parts.recorder(), core, parts.lookups(), heartbeat);
        MetricsBinding.bind(metrics, core, queue, alertmanager, sinks);
        parts.metrics().accept(metrics);
        // every thread from here on belongs to a supervised part: one that dies stops the agent (non-zero exit)
        metricsServer = config.metrics().listen() == null ? null : supervisor.adopt("metrics",
                () -> new MetricsServer(config.metrics().listen(), metrics.registry()));
        runnerThread = supervisor.start("core", "pipeline-core", false, runner);
        if (alertmanager != null) {
            supervisor.adopt("alertmanager", () -> {
                alertmanager.start();
                return null;
            });
        }
        if (httpOutput != null) {
            supervisor.adopt("http_output", () -> {
                httpOutput.start();
                return null;
            });
        }
        ticker = supervisor.adopt("ticker", () -> new Ticker(queue, System::currentTimeMillis, 1000));
        for (InputSource s : sources) {
            supervisor.adopt(s.name(), () -> {
                s.start(queue);
                return null;
            });
            LOG.log(Level.INFO, "source " + s.name() + " started");
        }
        String running = "watching: " + sources.size() + " source(s) ("
                + String.join(", ", sources.stream().map(InputSource::name).toList()) + "), metrics on "
                + Objects.requireNonNullElse(config.metrics().listen(), "nothing");
        LOG.log(Level.INFO, "agent running: " + running);
        notify.ready(running);
    }

    /** Starts the agent; alerts on stdout go to {@code stdout}. */
    public static Agent start(AgentConfig config, Parts parts, PrintStream stdout) throws Exception {
        return new Agent(config, parts, stdout, SystemdNotify.NONE);
    }

    /** Starts the agent and tells systemd through {@code notify}: READY=1 once the sources run, watchdog pings. */
    public static Agent start(AgentConfig config, Parts parts, PrintStream stdout, SystemdNotify notify)
            throws Exception {
        return new Agent(config, parts, stdout, notify);
    }

    /**
     * Applies a reloaded configuration: new rules take effect at this point of the input (recorded in
     * the journal); a rules text that does not load keeps the old rules and returns why. Settings the
     * running agent cannot change are reported as needing a restart.
     *
     * @return problems (rules refused, settings needing a restart); empty when all was applied
     */
    public List<String> reload(AgentConfig next, String nextRules) throws InterruptedException {
        List<String> notes = new ArrayList<>();
        LogSetup.configure(next.log().level());
        PipelineCore.Options nextOptions = CoreSpec.from(next).options();
        if (!nextOptions.equals(CoreSpec.from(config).options())) {
            queue.put(new HostInput.ConfigChange(System.currentTimeMillis(), PipelineCore.ALERT_OPTIONS,
                    nextOptions.encode()));
        }
        if (!nextRules.equals(rulesContent)) {
            try {
                detectors.load(nextRules);
                queue.put(new HostInput.ConfigChange(System.currentTimeMillis(), PipelineCore.RULES, nextRules));
                rulesContent = nextRules;
                metrics.rulesInfo(rulesDigest(nextRules), io.keelwatch.rules.engine.RulePack.shippedVersion());
                metrics.reloads().labels("ok").inc();
            } catch (IllegalArgumentException e) {
                metrics.reloads().labels("failed").inc();
                notes.add("rules not reloaded, the old rules keep running: " + e.getMessage());
            }
        } else {
            metrics.reloads().labels("unchanged").inc();
            notes.add("rules unchanged (" + rulesDigest(nextRules) + "): nothing to reload");
        }
        boolean restartNeeded = !next.host().equals(config.host()) || !next.dataDir().equals(config.dataDir())
                || !next.audit().equals(config.audit()) || !next.docker().equals(config.docker())
                || !next.pipeline().equals(config.pipeline()) || !next.alertmanager().equals(config.alertmanager())
                || !next.metrics().equals(config.metrics()) || !next.journal().equals(config.journal())
                || next.alerts().stdout() != config.alerts().stdout()
                || !java.util.Objects.equals(next.alerts().file(), config.alerts().file());
        if (restartNeeded) {
            notes.add("settings other than rules, alert filtering and folding, and log level changed: "
                    + "they take effect after a restart");
        }
        return notes;
    }

    /** The digest of a rules bundle's files ({@link io.keelwatch.rules.engine.RulePack#digest}); its raw text's when not a bundle. */
    static String rulesDigest(String rules) {
        List<io.keelwatch.rules.engine.RuleLoader.RuleText> files = io.keelwatch.agent.pipeline.RulesBundle.decode(rules);
        return io.keelwatch.rules.engine.RulePack.digest(files.isEmpty()
                ? List.of(new io.keelwatch.rules.engine.RuleLoader.RuleText("rules", rules)) : files);
    }

    /** The Alertmanager senders (one per URL), empty when none is configured. */
    public List<io.keelwatch.alert.alertmanager.AlertmanagerSender> alertmanagerSenders() {
        return alertmanager == null ? List.of() : alertmanager.senders();
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public PipelineCore core() {
        return core;
    }

    public InputQueue queue() {
        return queue;
    }

    /** The bound metrics port, or -1 when metrics are off. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /**
     * Who is told, once, when a part of the agent died (a thread of the core, a source, a sender or the metrics
     * server threw or ended while the agent runs); told at once if one died already. The daemon stops there with a
     * non-zero exit, and {@code keelwatch_up{part}} shows 0 for that part.
     */
    public void onFatal(Consumer<String> handler) {
        supervisor.onFatal(handler);
    }

    /** Stops the sources, drains the queue through the core, stops delivery. Pending alerts stay in the outbox. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;   // the run closes it after a death; the caller's try-with-resources again
        }
        closed = true;
        supervisor.stopping();
        for (InputSource s : sources) {
            s.close();
        }
        ticker.close();
        runner.stop();
        runnerThread.join(30_000);
        if (runner.finished()) {
            for (InputSource s : sources) {
                s.coreFinished();
            }
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        supervisor.close();
    }
}
