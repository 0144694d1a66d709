package io.keelwatch.agent.daemon;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.BasicIdentity;
import io.keelwatch.agent.pipeline.Detectors;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.ParserAuditStage;
import io.keelwatch.audit.source.AuditLogTailer;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.audit.source.AuditRuleSyntaxException;
import io.keelwatch.audit.source.AuditSource;
import io.keelwatch.audit.source.AuditSourceSelector;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.KernelLostPoller;
import io.keelwatch.audit.source.NetlinkAuditSource;
import io.keelwatch.metrics.AgentMetrics;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The live host's parts for {@link Agent}: the audit source the config asks for, the stages, the rules.
 * Identity and rules use the stand-ins ({@link BasicIdentity}, no rules) until the container identity and
 * rule engine modules are wired here.
 */
public final class LiveParts implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LiveParts.class.getName());

    private final Agent.Parts parts;
    private final AuditSourceStats sourceStats = new AuditSourceStats();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private LiveParts(AgentConfig cfg) throws IOException {
        List<InputSource> sources = new ArrayList<>();
        try {
            KernelLostPoller poller = KernelLostPoller.open(sourceStats);
            poller.start(1000);
            closeables.add(poller);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "kernel lost counter not readable: " + e.getMessage());
        }
        if (cfg.audit().source() != AgentConfig.AuditSource.NONE) {
            AuditSourceSelector.Choice choice = AuditSourceSelector.decide(mode(cfg.audit().source()));
            List<AuditRule> rules = new ArrayList<>();
            if (cfg.audit().excludeSelf()) {
                rules.add(selfExclusion());
            }
            AuditSourceSelector.Options o = new AuditSourceSelector.Options(choice.mode(), cfg.audit().logFile(),
                    null, AuditLogTailer.StartAt.END, new NetlinkAuditSource.UnicastSettings(
                    cfg.audit().backlogLimit(), cfg.audit().backlogWaitTime().toMillis() * 250 / 1000, rules));
            AuditSource src = AuditSourceSelector.open(choice, o, sourceStats);
            LOG.log(Level.INFO, "audit source " + src.describe() + " (" + choice.reason() + ")");
            AgentConfig.Overflow overflow = choice.mode() == AuditSourceSelector.Mode.FILE
                    ? AgentConfig.Overflow.BLOCK : cfg.pipeline().auditOverflow();
            sources.add(new AuditSourceInput(src, overflow));
        }
        LOG.log(Level.WARNING, "rule engine not wired in this build: no rules are evaluated");
        parts = new Agent.Parts(ParserAuditStage.factory(cfg.pipeline().eventTimeout().toMillis(), 1024),
                new BasicIdentity(), content -> Detectors.NONE, rulesContent(cfg), sources, InputRecorder.NONE,
                this::bindMetrics);
    }

    public static LiveParts build(AgentConfig cfg) throws IOException {
        return new LiveParts(cfg);
    }

    public Agent.Parts parts() {
        return parts;
    }

    /** Adds the sources' counters to the agent's metrics. */
    void bindMetrics(AgentMetrics m) {
        m.kernelLost().add(sourceStats::kernelLost);
        m.dropped().add(List.of("source", "enobufs"), sourceStats::enobufs);
        m.dropped().add(List.of("source", "truncated"), sourceStats::truncatedMessages);
        m.dropped().add(List.of("source", "overlong_line"), sourceStats::overlongLines);
    }

    /** The rules text: every rule file in order, each introduced by a comment naming it. */
    public static String rulesContent(AgentConfig cfg) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : cfg.rules().paths()) {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(p);
            }
            for (Path f : files) {
                sb.append("# keelwatch-rules-file: ").append(f).append('\n').append(Files.readString(f)).append('\n');
            }
        }
        return sb.toString();
    }

    private static AuditRule selfExclusion() {
        String text = "-a never,exit -F arch=b64 -S all -F pid=" + ProcessHandle.current().pid();
        try {
            return AuditRuleParser.parse(text);
        } catch (AuditRuleSyntaxException e) {
            throw new IllegalStateException("self-exclusion rule '" + text + "': " + e.reason(), e);
        }
    }

    private static AuditSourceSelector.Mode mode(AgentConfig.AuditSource s) {
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
