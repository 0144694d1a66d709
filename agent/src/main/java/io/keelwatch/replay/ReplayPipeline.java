package io.keelwatch.replay;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.CoreSpec;
import io.keelwatch.agent.pipeline.Detector;
import io.keelwatch.agent.pipeline.Detectors;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.audit.Received;
import io.keelwatch.host.HostLookup;

/**
 * The pipeline core as replay builds it: the live agent's stages and settings (from the same config
 * file), with identity answering from the recorded lookups and no clock at all (rule timing is not
 * measured in replay).
 */
public final class ReplayPipeline implements ReplayTarget {

    private final PipelineCore core;
    private final ReplayIdentity identity;
    private final Detector.Factory detectors;

    /**
     * @param config     the agent's settings (event timeout, process table, alert folding, inventory interval)
     * @param host       the host name alerts carry
     * @param unrecorded answers what the recording does not (see {@link ReplayIdentity})
     */
    public ReplayPipeline(AgentConfig config, String host, AlertSink out, HostLookup unrecorded) {
        this.identity = new ReplayIdentity(config.pipeline().processTableMax(), unrecorded);
        // As the live agent builds its core; a journal also records the options (a config change the core applies).
        CoreSpec spec = CoreSpec.from(config).withHost(host);
        this.detectors = spec.ruleDetectors(null);
        this.core = new PipelineCore(spec.audit(), identity, Detectors.NONE, detectors, out, spec.options(), () -> 0L,
                PipelineCore.RuleTimer.NONE);
    }

    /** Loads the rules once, to refuse bad ones before the replay starts. */
    public void checkRules(String rulesBundle) {
        detectors.load(rulesBundle);
    }

    @Override
    public void accept(Received input) {
        core.accept(input);
    }

    @Override
    public void finish() {
        core.finish();
    }

    public PipelineCore core() {
        return core;
    }

    public ReplayIdentity identity() {
        return identity;
    }
}
