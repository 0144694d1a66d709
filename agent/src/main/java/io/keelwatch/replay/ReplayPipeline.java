package io.keelwatch.replay;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.daemon.Agent;
import io.keelwatch.agent.pipeline.Detector;
import io.keelwatch.agent.pipeline.Detectors;
import io.keelwatch.agent.pipeline.ParsedAhead;
import io.keelwatch.agent.pipeline.ParserAuditStage;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.agent.pipeline.RuleDetector;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.host.HostLookup;
import io.keelwatch.input.HostInput;

/**
 * The pipeline core as replay builds it: the live agent's stages and settings (from the same config
 * file), with identity answering from the recorded lookups and no clock at all (rule timing is not
 * measured in replay).
 */
public final class ReplayPipeline implements ReplayTarget {

    /** Events in flight in the reassembler: the live agent's setting. */
    static final int MAX_IN_FLIGHT = 1024;

    private final PipelineCore core;
    private final ReplayIdentity identity;
    private final Detector.Factory detectors;
    private final ParsedAhead parsedAhead = new ParsedAhead();

    /**
     * @param config     the agent's settings (event timeout, process table, alert folding, inventory interval)
     * @param host       the host name alerts carry
     * @param unrecorded answers what the recording does not (see {@link ReplayIdentity})
     */
    public ReplayPipeline(AgentConfig config, String host, AlertSink out, HostLookup unrecorded) {
        this.identity = new ReplayIdentity(config.pipeline().processTableMax(), unrecorded);
        this.detectors = RuleDetector.factory(host);
        // As the live agent sets them; a journal also records them (a config change the core applies).
        PipelineCore.Options options = Agent.options(config);
        this.core = new PipelineCore(
                ParserAuditStage.factory(config.pipeline().eventTimeout().toMillis(), MAX_IN_FLIGHT, parsedAhead),
                identity, Detectors.NONE, detectors, out, options, () -> 0L, PipelineCore.RuleTimer.NONE);
    }

    /** Loads the rules once, to refuse bad ones before the replay starts. */
    public void checkRules(String rulesBundle) {
        detectors.load(rulesBundle);
    }

    @Override
    public void accept(HostInput input) {
        core.accept(input);
    }

    @Override
    public void finish() {
        core.finish();
    }

    @Override
    public ParsedAhead parsedAhead() {
        return parsedAhead;
    }

    public PipelineCore core() {
        return core;
    }

    public ReplayIdentity identity() {
        return identity;
    }
}
