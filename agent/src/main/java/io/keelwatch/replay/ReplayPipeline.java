package io.keelwatch.replay;

import io.keelwatch.agent.pipeline.Detectors;
import io.keelwatch.agent.pipeline.ParserAuditStage;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.event.Enricher;
import io.keelwatch.event.HostInput;
import io.keelwatch.host.HostLookup;

/**
 * The pipeline core as replay builds it: the same stages as live, with identity answering from the
 * recorded lookups and no clock at all (rule timing is not measured).
 */
public final class ReplayPipeline implements ReplayTarget {

    /** Live defaults the replay matches (event timeout, events in flight). */
    static final long EVENT_TIMEOUT_MS = 2_000;
    static final int MAX_IN_FLIGHT = 1024;

    private final PipelineCore core;
    private final ReplayIdentity identity;

    public ReplayPipeline(String host, AlertSink out, PipelineCore.Options options) {
        this(host, out, options, HostLookup.none());
    }

    /** @param unrecorded answers what the recording does not (see {@link ReplayIdentity}) */
    public ReplayPipeline(String host, AlertSink out, PipelineCore.Options options, HostLookup unrecorded) {
        this.identity = new ReplayIdentity(Enricher.DEFAULT_MAX_PROCESSES, unrecorded);
        this.core = new PipelineCore(ParserAuditStage.factory(EVENT_TIMEOUT_MS, MAX_IN_FLIGHT), identity, Detectors.NONE,
                RuleEngineDetector.factory(host), out, options, () -> 0L, PipelineCore.RuleTimer.NONE);
    }

    @Override
    public void accept(HostInput input) {
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
