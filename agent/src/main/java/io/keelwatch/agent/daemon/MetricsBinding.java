package io.keelwatch.agent.daemon;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.agent.pipeline.PipelineStats;
import io.keelwatch.alert.alertmanager.AlertmanagerForwarder;
import io.keelwatch.alert.alertmanager.AlertmanagerSender;
import io.keelwatch.metrics.AgentMetrics;
import io.keelwatch.metrics.RecordMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Connects the agent's counters to its metric families; everything is read at scrape time. */
final class MetricsBinding {
    private MetricsBinding() { }

    static void bind(AgentMetrics m, PipelineCore core, InputQueue queue, AlertmanagerForwarder am,
                     List<CountingSink> sinks) {
        m.records().addAll(() -> byOne(core.stats().audit().recordsByType()));
        m.events().addAll(() -> byOne(core.stats().eventsByType()));
        m.parseErrors().add(() -> core.stats().audit().parseErrors());
        m.serialGaps().add(() -> core.stats().audit().serialGaps());
        m.inputs().addAll(() -> byOne(core.stats().inputsByKind()));
        m.queueDepth().add(List.of("input"), queue::depth);
        m.queueCapacity().add(List.of("input"), queue::capacity);
        m.queueDepth().add(List.of("reassembly"), () -> core.stats().audit().inFlight());
        m.dropped().add(List.of("queue", "full"), queue::droppedTotal);
        m.dropped().add(List.of("filter", "own_pid"), () -> dropped(core.stats(), "filter", "own_pid"));
        m.dropped().addAll(() -> {
            Map<List<String>, Long> other = new HashMap<>(core.stats().dropped());
            other.remove(List.of("filter", "own_pid"));
            return other;
        });
        for (CountingSink s : sinks) {
            m.dropped().add(List.of("alerts", "sink_" + s.name() + "_failed"), s::failuresTotal);
        }
        m.alerts().addAll(() -> core.stats().alerts());
        m.folded().add(() -> core.stats().folded());
        // the core's stages, whole (keelwatch_process_table_entries is the process table's entries component)
        RecordMetrics stages = new RecordMetrics(m);
        stages.bind(StageTables.REASSEMBLY, () -> core.stats().audit().reassembly());
        stages.bind(StageTables.PROCESS_TABLE, () -> core.stats().processes());
        stages.bind(StageTables.CONTAINERS, () -> core.stats().containers());
        stages.bind(StageTables.RULE_ENGINE, () -> core.stats().engine());
        // the name dashboards know for keelwatch_containers_running: a plain count, published by the core
        m.containerCache().add(() -> core.stats().containerCache());
        m.rulesLoaded().add(() -> core.stats().rulesLoaded());
        if (am != null) {
            m.dropped().add(List.of("alertmanager", "outbox_write_failed"), am::outboxErrorsTotal);
            for (AlertmanagerSender s : am.senders()) {
                List<String> url = List.of(s.url().toString());
                m.alertmanagerPosts().add(url, s::postsTotal);
                m.alertmanagerSent().add(url, s::sentTotal);
                m.alertmanagerFailures().add(url, s::failuresTotal);
                m.alertmanagerRejected().add(url, s::rejectedTotal);
                m.outbox().add(List.of(s.url().toString(), "pending"), () -> s.outbox().pending());
                m.outbox().add(List.of(s.url().toString(), "held"), () -> s.outbox().size());
            }
            m.dropped().add(List.of("alertmanager", "outbox_full"),
                    () -> am.senders().stream().mapToLong(s -> s.outbox().droppedTotal()).sum());
        }
    }

    private static long dropped(PipelineStats s, String stage, String reason) {
        return s.dropped().getOrDefault(List.of(stage, reason), 0L);
    }

    private static Map<List<String>, Long> byOne(Map<String, Long> m) {
        Map<List<String>, Long> out = new HashMap<>();
        m.forEach((k, v) -> out.put(List.of(k), v));
        return out;
    }
}
