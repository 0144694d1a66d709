package io.keelwatch.agent.pipeline;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.rules.engine.Priority;
import java.util.HashSet;

/**
 * How the pipeline's core is put together from the agent's settings: the one place the live agent, replay and
 * the benchmarks take its audit stage, its rule detector and its options from, so that a replay evaluates with
 * what the live agent ran.
 *
 * @param eventTimeoutMs log time after which an open audit event is emitted as it is
 * @param maxInFlight    audit events open in the reassembler at once (the oldest is emitted beyond it)
 * @param host           the host name alerts carry
 * @param options        the alert settings, journaled so a replay folds and filters as the live run did
 */
public record CoreSpec(long eventTimeoutMs, int maxInFlight, String host, PipelineCore.Options options) {
    /** Events in flight in the reassembler: enough for every event a busy host has open at once. */
    public static final int MAX_IN_FLIGHT = 1024;

    public static CoreSpec from(AgentConfig c) {
        return new CoreSpec(c.pipeline().eventTimeout().toMillis(), MAX_IN_FLIGHT, c.host(),
                new PipelineCore.Options(Priority.of(c.alerts().minPriority()), c.alerts().throttleWindow(),
                        c.alerts().throttleMaxKeys(), c.rules().inventoryInterval(),
                        new HashSet<>(c.alerts().ignoreFields())));
    }

    /** The same core, its alerts naming another host (replay names the host the recording came from). */
    public CoreSpec withHost(String otherHost) {
        return new CoreSpec(eventTimeoutMs, maxInFlight, otherHost, options);
    }

    public AuditStage.Factory audit() {
        return ReassemblyStage.factory(eventTimeoutMs, maxInFlight);
    }

    /** The rule detector, starting from rules compiled already (so the start compiles them once), or none. */
    public Detector.Factory ruleDetectors(CompiledRules compiled) {
        return RuleDetector.factory(host, compiled);
    }
}
