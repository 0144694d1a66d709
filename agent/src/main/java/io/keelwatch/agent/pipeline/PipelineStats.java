package io.keelwatch.agent.pipeline;

import io.keelwatch.docker.ContainerRegistryStats;
import io.keelwatch.process.ProcessTableStats;
import io.keelwatch.rules.engine.RuleEngineStats;
import java.util.List;
import java.util.Map;

/**
 * The pipeline core's counters at one moment (published on each tick).
 *
 * @param inputsByKind   inputs taken, by HostInput kind
 * @param audit          the audit stage's counters
 * @param eventsByType   events by syscall name ({@code standalone} for the others)
 * @param dropped        drops inside the core, by (stage, reason)
 * @param alerts         alerts emitted, by (rule, category, priority)
 * @param folded         alert occurrences folded into repeat counts
 * @param processTable   processes in the process table
 * @param containerCache containers in the container cache
 * @param rulesLoaded    rules in force
 * @param rulesError     why the last rules change was refused, or {@code null}
 * @param tier2Rules     the agent's tier-2 audit rules in the kernel as of the last {@link PipelineCore#AUDIT_TIER2}
 *                       change (auditctl lines; empty: none)
 * @param tier2Changes   {@link PipelineCore#AUDIT_TIER2} changes taken
 * @param processes      the identity stage's process table, whole
 * @param containers     the identity stage's container registry, whole
 * @param engine         the rule engines' counters, summed over every rules load
 */
public record PipelineStats(Map<String, Long> inputsByKind, AuditStage.Stats audit, Map<String, Long> eventsByType,
                            Map<List<String>, Long> dropped, Map<List<String>, Long> alerts, long folded,
                            int processTable, int containerCache, int rulesLoaded, String rulesError, List<String> tier2Rules,
                            long tier2Changes, ProcessTableStats processes, ContainerRegistryStats containers,
                            RuleEngineStats engine) {
    public static final PipelineStats EMPTY = new PipelineStats(Map.of(), AuditStage.Stats.EMPTY, Map.of(), Map.of(),
            Map.of(), 0, 0, 0, 0, null, List.of(), 0, ProcessTableStats.EMPTY, ContainerRegistryStats.EMPTY,
            RuleEngineStats.EMPTY);
}
