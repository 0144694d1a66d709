package io.keelwatch.agent.daemon;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.coverage.ContainerWatches;
import io.keelwatch.agent.coverage.EarlyRisk;
import io.keelwatch.agent.coverage.NetlinkRuleKernel;
import io.keelwatch.agent.coverage.RiskTracker;
import io.keelwatch.agent.coverage.RuleChanger;
import io.keelwatch.agent.coverage.Tier2Rules;
import io.keelwatch.agent.coverage.WatchChanger;
import io.keelwatch.agent.pipeline.EnricherIdentity;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.LookupLog;
import io.keelwatch.agent.pipeline.CompiledRules;
import io.keelwatch.agent.pipeline.CoreSpec;
import io.keelwatch.agent.pipeline.RuleSources;
import io.keelwatch.agent.pipeline.RulesBundle;
import io.keelwatch.audit.source.AuditLogTailer;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.audit.source.AuditRuleSyntaxException;
import io.keelwatch.audit.source.AuditSource;
import io.keelwatch.audit.source.AuditSourceSelector;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.CheckpointedLog;
import io.keelwatch.audit.source.KernelLostPoller;
import io.keelwatch.audit.source.NetlinkAuditSource;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerObserver;
import io.keelwatch.docker.DockerApi;
import io.keelwatch.event.Enricher;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordingHostLookup;
import io.keelwatch.host.live.LiveHostLookup;
import io.keelwatch.host.live.RuntimeHostLookup;
import io.keelwatch.input.EventStreamStats;
import io.keelwatch.metrics.AgentMetrics;
import io.keelwatch.metrics.CallbackMetric;
import io.keelwatch.metrics.RecordMetrics;
import io.keelwatch.rules.audit.AuditRuleSet;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.runtime.RuntimeUnavailableException;
import io.keelwatch.runtime.containerd.ContainerdClient;
import io.keelwatch.runtime.containerd.ContainerdEventStream;
import io.keelwatch.runtime.cri.CriClient;
import io.keelwatch.runtime.cri.CriEventStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live host's parts for {@link Agent}: the audit source the config asks for, the Docker events
 * stream, the enricher over a recording host lookup, the parser and the rule engine.
 */
public final class LiveParts implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LiveParts.class.getName());

    private final Agent.Parts parts;
    private final AuditSourceStats sourceStats = new AuditSourceStats();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** How often the file source saves its checkpoint: the most a crash repeats is about this much input. */
    static final long CHECKPOINT_EVERY_MS = 1000;
    /** The file source when it checkpoints, else {@code null}. */
    private CheckpointedLog checkpointed;
    /** How often loaded tier-2 rules are checked for deletion by someone else. */
    static final long TIER2_VERIFY_EVERY_MS = 10_000;
    /** The thread that changes the tier-2 audit rules, or {@code null} when they are never loaded. */
    private RuleChanger tier2;
    private RiskTracker risk;
    private WatchChanger watchChanger;
    private volatile EarlyRisk earlyRisk;
    private ContainerWatches watches;
    private volatile Consumer<String> fatal = reason -> LOG.log(Level.ERROR, "fatal: " + reason);
    private final Enricher enricher;
    /** The containerd/CRI lookups when the host has a runtime besides Docker, else {@code null}. */
    private RuntimeHostLookup runtimeLookup;
    private LiveHostLookup liveLookup;
    /** The runtimes' event streams' counters, by source name. */
    private final Map<String, Supplier<EventStreamStats>> streams = new LinkedHashMap<>();

    private LiveParts(AgentConfig cfg, InputRecorder recorder, Consumer<AgentMetrics> recorderMetrics)
            throws IOException {
        List<InputSource> sources = new ArrayList<>();
        // read and compiled once: the audit rules, tier 2 and the detector all work from this one compile
        CompiledRules rules = CompiledRules.compile(rulesContent(cfg));
        try {
            KernelLostPoller poller = KernelLostPoller.open(sourceStats);
            poller.start(1000);
            closeables.add(poller);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "kernel lost counter not readable: " + e.getMessage());
        }
        if (cfg.audit().source() != AgentConfig.AuditSource.NONE) {
            AuditSourceSelector.Choice choice = AuditSourceSelector.decide(mode(cfg.audit().source()));
            List<AuditRule> kernelRules = new ArrayList<>();
            if (cfg.audit().loadRules()) {
                kernelRules.addAll(auditRules(cfg, rules.rules()));
            } else if (cfg.audit().excludeSelf()) {
                kernelRules.add(selfExclusion());
            }
            if (choice.mode() == AuditSourceSelector.Mode.FILE && cfg.audit().checkpointFile() != null) {
                checkpointed = CheckpointedLog.open(cfg.audit().logFile(), cfg.audit().checkpointFile(),
                        CHECKPOINT_EVERY_MS, sourceStats);
                LOG.log(Level.INFO, "audit source " + checkpointed.describe() + " (" + choice.reason()
                        + "), checkpoint " + cfg.audit().checkpointFile());
                // The file is the buffer: block rather than drop (auditd keeps writing meanwhile).
                sources.add(new AuditSourceInput(checkpointed, AgentConfig.Overflow.BLOCK));
            } else {
                AuditSourceSelector.Options o = new AuditSourceSelector.Options(choice.mode(), cfg.audit().logFile(),
                        null, AuditLogTailer.StartAt.END, new NetlinkAuditSource.UnicastSettings(
                        cfg.audit().backlogLimit(), cfg.audit().backlogWaitTime().toMillis() * 250 / 1000, kernelRules));
                AuditSource src = AuditSourceSelector.open(choice, o, sourceStats);
                LOG.log(Level.INFO, "audit source " + src.describe() + " (" + choice.reason() + ")");
                AgentConfig.Overflow overflow = choice.mode() == AuditSourceSelector.Mode.FILE
                        ? AgentConfig.Overflow.BLOCK : cfg.pipeline().auditOverflow();
                sources.add(new AuditSourceInput(src, overflow));
            }
        }
        // a directory there is what a DaemonSet's hostPath leaves on a node without Docker
        DockerApi docker = cfg.docker().socket() != null && Files.exists(cfg.docker().socket())
                && !Files.isDirectory(cfg.docker().socket())
                ? new DockerApi(cfg.docker().socket()) : null;
        if (docker == null) {
            LOG.log(Level.WARNING, "no Docker socket at " + cfg.docker().socket()
                    + ": container ids come from cgroups, container metadata stays empty");
        } else {
            // the early look at create events (EarlyRisk), wired below once tier 2 exists
            DockerSource events = new DockerSource(docker, json -> {
                EarlyRisk e = earlyRisk;
                if (e != null) {
                    e.seen(json);
                }
            });
            sources.add(events);
            streams.put(events.name(), events::streamStats);
            closeables.add(docker);
        }
        liveLookup = new LiveHostLookup(Path.of("/proc"), docker);
        HostLookup host = runtimes(cfg.runtimes(), liveLookup, sources);
        LookupLog lookups = new LookupLog();
        HostLookup lookup = new RecordingHostLookup(host, lookups, System::currentTimeMillis);
        Enricher enricher = Enricher.create(lookup, cfg.pipeline().processTableMax());
        // the identity listens before start, so the containers found running are evaluated too
        EnricherIdentity identity = new EnricherIdentity(enricher, null);
        List<ContainerObserver> observers = new ArrayList<>();
        tier2 = tier2Coverage(cfg, rules.rules());
        if (tier2 != null) {
            if (cfg.audit().deepRules() == AgentConfig.DeepRules.AUTO) {
                // before the bootstrap, so a risky container already running at start counts
                risk = new RiskTracker(tier2);
                observers.add(risk);
                if (docker != null) {
                    earlyRisk = EarlyRisk.of(docker, tier2);
                }
            } else {
                tier2.tier2(true, "audit.deep_rules: true");
            }
            sources.add(tier2);   // last: started after the audit source has loaded the tier-1 rules
        }
        if (changesAuditRules(cfg)) {
            // a container's own /etc and binary directories, watched while it runs (before the bootstrap, so the
            // containers already running are watched too)
            watchChanger = new WatchChanger(new NetlinkRuleKernel(), r -> fatal.accept(r), System::currentTimeMillis);
            watches = new ContainerWatches(watchChanger);
            observers.add(watches);
            sources.add(watchChanger);
        }
        enricher.containers().observe(ContainerObserver.all(observers));
        this.enricher = enricher;
        enricher.start();
        CoreSpec spec = CoreSpec.from(cfg);
        parts = new Agent.Parts(spec.audit(), identity, spec.ruleDetectors(rules), rules.content(),
                sources, recorder, m -> {
                    bindMetrics(m);
                    recorderMetrics.accept(m);
                }, lookups, checkpointed == null ? null : checkpointed::done);
    }

    /**
     * Opens the sources and learns the host (running containers, /proc); every lookup answer, from now
     * on, goes to {@code recorder} as a {@link io.keelwatch.input.HostInput.Lookup}, on the pipeline's
     * thread, after the input that asked for it.
     */
    public static LiveParts build(AgentConfig cfg, InputRecorder recorder, Consumer<AgentMetrics> recorderMetrics)
            throws IOException {
        return new LiveParts(cfg, recorder, recorderMetrics);
    }

    public static LiveParts build(AgentConfig cfg) throws IOException {
        return new LiveParts(cfg, InputRecorder.NONE, m -> { });
    }

    public Agent.Parts parts() {
        return parts;
    }

    /**
     * Who is told when a part the agent cannot run without has died (the tier-2 rule thread): the daemon stops
     * with a non-zero exit. Until set, it is logged.
     */
    public void onFatal(Consumer<String> handler) {
        this.fatal = handler;
    }

    /**
     * Whether the agent adds and removes audit rules of its own while it runs (tier 2, container watches): not with
     * {@code audit.deep_rules: false}, not without an audit source, and not in the read-only trial mode (multicast),
     * which promises to change nothing of the audit subsystem.
     */
    public static boolean changesAuditRules(AgentConfig cfg) {
        AgentConfig.AuditSource s = cfg.audit().source();
        return cfg.audit().deepRules() != AgentConfig.DeepRules.NEVER && s != AgentConfig.AuditSource.NONE
                && s != AgentConfig.AuditSource.MULTICAST;
    }

    /**
     * The tier-2 coverage for {@code audit.deep_rules} auto or true: the rules the loaded pack needs, under the
     * agent's own key, changed by their own thread through a netlink control socket (both audit modes).
     */
    private RuleChanger tier2Coverage(AgentConfig cfg, RuleSet compiled) {
        if (!changesAuditRules(cfg)) {
            return null;
        }
        List<String> lines = AuditRuleSet.tier2(compiled, AuditRuleSet.TIER2_KEY);
        if (lines.isEmpty()) {
            LOG.log(Level.INFO, "audit tier 2: no loaded rule looks at knob writes, nothing to load");
            return null;
        }
        Tier2Rules rules = Tier2Rules.parse(AuditRuleSet.TIER2_KEY, lines);
        LOG.log(Level.INFO, "audit tier 2 (" + lines.size() + " rules, key " + rules.key() + "): "
                + (cfg.audit().deepRules() == AgentConfig.DeepRules.AUTO
                ? "loaded while a container that can write kernel knobs runs" : "loaded while the agent runs"));
        return new RuleChanger(rules, new NetlinkRuleKernel(), r -> fatal.accept(r), TIER2_VERIFY_EVERY_MS,
                System::currentTimeMillis);
    }

    /**
     * containerd's API and the CRI runtimes whose sockets exist, in front of the host lookup; their
     * event streams join the sources. Nothing found: the host lookup as it was.
     */
    private HostLookup runtimes(AgentConfig.Runtimes cfg, HostLookup host, List<InputSource> sources) {
        Path containerdSocket = firstExisting(cfg.containerdSockets());
        Path crioSocket = firstExisting(cfg.crioSockets());
        ContainerdClient containerd = null;
        List<CriClient> cri = new ArrayList<>();
        if (containerdSocket != null) {
            containerd = new ContainerdClient(containerdSocket);
            closeables.add(containerd);
            ContainerdClient c = containerd;
            RuntimeSource events = new RuntimeSource("containerd:" + containerdSocket,
                    sink -> new ContainerdEventStream(c, sink, System::currentTimeMillis));
            sources.add(events);
            streams.put(events.name(), events::streamStats);
            CriClient containerdCri = new CriClient(ContainerInfo.CONTAINERD, containerdSocket);
            try {
                // containerd may run without its CRI plugin (Docker's own does): then only its API answers
                LOG.log(Level.INFO, "containerd at " + containerdSocket + ", CRI " + containerdCri.version());
                cri.add(containerdCri);
                closeables.add(containerdCri);
            } catch (RuntimeUnavailableException e) {
                LOG.log(Level.INFO, "containerd at " + containerdSocket + " without CRI: " + e.getMessage());
                containerdCri.close();
            }
        }
        if (crioSocket != null) {
            CriClient crio = new CriClient(ContainerInfo.CRI_O, crioSocket);
            closeables.add(crio);
            cri.add(crio);
            long pollMs = cfg.criPollInterval().toMillis();
            RuntimeSource events = new RuntimeSource("cri-o:" + crioSocket,
                    sink -> new CriEventStream(crio, sink, System::currentTimeMillis, pollMs));
            sources.add(events);
            streams.put(events.name(), events::streamStats);
            LOG.log(Level.INFO, "CRI-O at " + crioSocket);
        }
        if (containerd == null && cri.isEmpty()) {
            return host;
        }
        runtimeLookup = new RuntimeHostLookup(host, containerd, cri);
        return runtimeLookup;
    }

    private static Path firstExisting(List<Path> candidates) {
        for (Path p : candidates) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** Adds the sources' counters to the agent's metrics. */
    void bindMetrics(AgentMetrics m) {
        RecordMetrics stages = new RecordMetrics(m);
        stages.bind(StageTables.AUDIT_SOURCE, sourceStats::snapshot);
        stages.bind(StageTables.HOST_LOOKUP, liveLookup::stats);
        streams.forEach((name, stats) -> stages.bind(StageTables.EVENT_STREAM, List.of("stream"), List.of(name), stats));
        m.kernelLost().add(sourceStats::kernelLost);
        m.dropped().add(List.of("source", "enobufs"), sourceStats::enobufs);
        m.dropped().add(List.of("source", "truncated"), sourceStats::truncatedMessages);
        m.dropped().add(List.of("source", "overlong_line"), sourceStats::overlongLines);
        m.dropped().add(List.of("source", "read_error"), sourceStats::readErrors);
        // a refused audit rule means a class of events is never collected: visible as its own reason
        m.dropped().add(List.of("source", "audit_rule_refused"), sourceStats::rulesRefused);
        // the checkpointed file was rotated away before the agent read it to its end
        m.dropped().add(List.of("source", "missed_file"), sourceStats::missedFiles);
        RuntimeHostLookup rt = runtimeLookup;
        if (rt != null) {
            // a runtime call that failed left a container without its metadata
            m.dropped().add(List.of("runtime", "call_failed"), rt::failures);
        }
        // a runtime event or answer that could not be read: that container's lifecycle or metadata is missing
        m.dropped().add(List.of("runtime", "event_malformed"), enricher.runtimeEvents()::malformed);
        m.dropped().add(List.of("runtime", "answer_malformed"), enricher.runtimes()::malformed);
        CheckpointedLog c = checkpointed;
        if (c != null) {
            m.dropped().add(List.of("source", "checkpoint_unreadable"), c::unreadableCheckpoints);
            m.checkpointSaves().add(List.of("ok"), sourceStats::checkpointWrites);
            m.checkpointSaves().add(List.of("failed"), c::saveFailures);
            m.resumeSkipped().add(List.of(), c::resumeSkipped);
        }
        bindWatchMetrics(m);
        RuleChanger t = tier2;
        if (t != null) {
            new CallbackMetric("keelwatch_audit_rule_changes", "Changes of the agent's tier-2 audit rules, by action "
                    + "(load, remove, restore, clear_stale) and result (ok, failed)", CallbackMetric.Kind.COUNTER,
                    List.of("action", "result")).addAll(t::changes).register(m.registry());
            new CallbackMetric("keelwatch_audit_tier2_loaded", "1 while all the tier-2 audit rules are in the kernel",
                    CallbackMetric.Kind.GAUGE, List.of()).add(() -> t.loaded() ? 1 : 0).register(m.registry());
            new CallbackMetric("keelwatch_audit_tier2_rules", "Tier-2 audit rules in the kernel now",
                    CallbackMetric.Kind.GAUGE, List.of()).add(t::rulesInKernel).register(m.registry());
            EarlyRisk early = earlyRisk;
            if (early != null) {
                new CallbackMetric("keelwatch_audit_tier2_early_arms", "Containers whose create event armed tier 2 "
                        + "before the pipeline reached it, by result (armed; failed: the early look could not inspect)",
                        CallbackMetric.Kind.COUNTER, List.of("result")).add(List.of("armed"), early::armed)
                        .add(List.of("failed"), early::failed).register(m.registry());
            }
            RiskTracker r = risk;
            if (r != null) {
                new CallbackMetric("keelwatch_audit_tier2_risky_containers", "Created or running containers that "
                        + "can write kernel knobs or cgroup files", CallbackMetric.Kind.GAUGE, List.of())
                        .add(r::riskyCount).register(m.registry());
            }
        }
    }

    private void bindWatchMetrics(AgentMetrics m) {
        WatchChanger w = watchChanger;
        ContainerWatches books = watches;
        if (w == null || books == null) {
            return;
        }
        new CallbackMetric("keelwatch_audit_container_watch_changes", "Changes of the agent's per-container directory "
                + "watches, by action (add, remove, clear_stale) and result (ok, absent, held, gone, failed)",
                CallbackMetric.Kind.COUNTER, List.of("action", "result")).addAll(w::changes).register(m.registry());
        new CallbackMetric("keelwatch_audit_container_watch_rules", "Per-container directory watch rules in the kernel "
                + "now", CallbackMetric.Kind.GAUGE, List.of()).add(w::rulesInKernel).register(m.registry());
        new CallbackMetric("keelwatch_audit_watched_containers", "Running containers whose /etc and binary directories "
                + "are watched", CallbackMetric.Kind.GAUGE, List.of()).add(books::watchedCount).register(m.registry());
    }

    /** The rules as a {@link RulesBundle}: the shipped pack, the local rules directory, the configured paths. */
    public static String rulesContent(AgentConfig cfg) throws IOException {
        return RuleSources.bundle(cfg.rules().defaultPack(), cfg.rules().localDir(), cfg.rules().paths());
    }

    /**
     * The audit rules the loaded rules need (the agent's own pid excluded first), for unicast mode, where
     * the agent is the audit daemon. Lines the kernel interface cannot take are logged and skipped.
     */
    static List<AuditRule> auditRules(AgentConfig cfg, RuleSet set) {
        List<AuditRule> out = new ArrayList<>();
        long pid = ProcessHandle.current().pid();
        // tier 2 is never part of the list loaded at start: the RuleChanger adds it when (and while) it is needed
        for (String line : AuditRuleSet.render(set, new AuditRuleSet.Options(pid, false,
                d -> Files.isDirectory(Path.of(d))))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || (!cfg.audit().excludeSelf() && l.contains("pid=" + pid))) {
                continue;
            }
            try {
                out.add(AuditRuleParser.parse(l));
            } catch (AuditRuleSyntaxException e) {
                LOG.log(Level.WARNING, "audit rule skipped (" + e.reason() + "): " + l);
            }
        }
        return out;
    }

    static AuditRule selfExclusion() {
        String text = "-a never,exit -F arch=b64 -S all -F pid=" + ProcessHandle.current().pid();
        try {
            return AuditRuleParser.parse(text);
        } catch (AuditRuleSyntaxException e) {
            throw new IllegalStateException("self-exclusion rule '" + text + "': " + e.reason(), e);
        }
    }

    static AuditSourceSelector.Mode mode(AgentConfig.AuditSource s) {
        return switch (s) {
            case AUTO -> AuditSourceSelector.Mode.AUTO;
            case FILE -> AuditSourceSelector.Mode.FILE;
            case NETLINK -> AuditSourceSelector.Mode.NETLINK_UNICAST;
            case MULTICAST -> AuditSourceSelector.Mode.NETLINK_MULTICAST;
            case NONE -> throw new IllegalArgumentException("no audit source");
        };
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }
}
