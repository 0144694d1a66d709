package io.keelwatch.metrics;

import io.keelwatch.metrics.CallbackMetric.Kind;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.DefaultExports;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every metric the agent exports, in one registry the agent owns (not the library's static default).
 * Families fed by other parts are {@link CallbackMetric}s: the owner of a counter adds a series that
 * reads it; the few values only the agent produces (alerts, latencies, reloads) are simpleclient
 * metrics updated directly. Names follow the Prometheus conventions: {@code keelwatch_} prefix,
 * {@code _total} on counters, seconds and bytes.
 */
public final class AgentMetrics {
    private final CollectorRegistry registry = new CollectorRegistry(true);
    /** The callback families by name, so a stage's record binds into a family that already exists. */
    private final Map<String, CallbackMetric> families = new ConcurrentHashMap<>();

    private final CallbackMetric records = callback("keelwatch_audit_records",
            "Audit records read, by record type.", Kind.COUNTER, "type");
    private final CallbackMetric events = callback("keelwatch_audit_events",
            "Audit events reassembled, by event type (syscall name, or the record type of standalone events).",
            Kind.COUNTER, "type");
    private final CallbackMetric parseErrors = callback("keelwatch_audit_parse_errors",
            "Audit records that could not be parsed (counted, skipped).", Kind.COUNTER);
    private final CallbackMetric kernelLost = callback("keelwatch_kernel_lost_records",
            "Records the kernel dropped, from its audit lost counter.", Kind.COUNTER);
    private final CallbackMetric serialGaps = callback("keelwatch_audit_serial_gaps",
            "Audit event serials skipped between consecutive events.", Kind.COUNTER);
    private final CallbackMetric inputs = callback("keelwatch_inputs",
            "Inputs taken by the pipeline core, by kind.", Kind.COUNTER, "kind");
    private final CallbackMetric queueDepth = callback("keelwatch_queue_depth",
            "Items waiting in a queue.", Kind.GAUGE, "queue");
    private final CallbackMetric queueCapacity = callback("keelwatch_queue_capacity",
            "Capacity of a queue.", Kind.GAUGE, "queue");
    private final CallbackMetric dropped = callback("keelwatch_dropped",
            "Inputs, events or alerts dropped, by pipeline stage and reason.", Kind.COUNTER, "stage", "reason");
    private final CallbackMetric folded = callback("keelwatch_alerts_folded",
            "Alert occurrences folded into a repeat count instead of emitted one by one.", Kind.COUNTER);
    private final CallbackMetric amPosts = callback("keelwatch_alertmanager_posts",
            "POST requests to an Alertmanager.", Kind.COUNTER, "url");
    private final CallbackMetric amSent = callback("keelwatch_alertmanager_alerts_sent",
            "Alerts an Alertmanager accepted (re-posts of active alerts included).", Kind.COUNTER, "url");
    private final CallbackMetric amFailures = callback("keelwatch_alertmanager_failures",
            "POSTs to an Alertmanager that failed (no answer or an error status).", Kind.COUNTER, "url");
    private final CallbackMetric amRejected = callback("keelwatch_alertmanager_rejected",
            "POSTs an Alertmanager refused with a 4xx status.", Kind.COUNTER, "url");
    private final CallbackMetric outbox = callback("keelwatch_outbox_alerts",
            "Alerts in an Alertmanager outbox: pending (not yet accepted) and held (active, for resends).",
            Kind.GAUGE, "url", "state");
    private final CallbackMetric processTable = callback("keelwatch_process_table_entries",
            "Processes in the process table.", Kind.GAUGE);
    private final CallbackMetric containerCache = callback("keelwatch_container_cache_entries",
            "Containers in the container cache.", Kind.GAUGE);
    private final CallbackMetric rulesLoaded = callback("keelwatch_rules_loaded",
            "Rules loaded and enabled.", Kind.GAUGE);
    private final CallbackMetric up = callback("keelwatch_up",
            "1 while a part of the agent (the core, a source, a sender, the metrics server) runs, 0 once it died.",
            Kind.GAUGE, "part");

    private final CallbackMetric journalSize = callback("keelwatch_journal_size_bytes",
            "Size of the journal on disk.", Kind.GAUGE);
    private final CallbackMetric alerts = callback("keelwatch_alerts",
            "Alerts emitted, by rule, category and priority.", Kind.COUNTER, "rule", "category", "priority");
    private final CallbackMetric checkpointSaves = callback("keelwatch_audit_checkpoint_saves",
            "Saves of the audit log read position, by result (a failed save is retried; a crash then repeats more).",
            Kind.COUNTER, "result");
    private final CallbackMetric resumeSkipped = callback("keelwatch_audit_resume_skipped_records",
            "Audit records read again after a restart and dropped, their events having been handled before it.",
            Kind.COUNTER);
    private final Counter reloads = Counter.build("keelwatch_config_reloads_total",
            "Configuration and rule reloads, by result.").labelNames("result").register(registry);
    private final Histogram ruleEvaluation = Histogram.build("keelwatch_rule_evaluation_seconds",
            "Time to evaluate the rules against one event.")
            .buckets(1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3, 1e-2).register(registry);
    private final Histogram detectionLatency = Histogram.build("keelwatch_detection_latency_seconds",
            "Time from an audit record's timestamp to its alert leaving the agent.")
            .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    private final Gauge rulesInfo = Gauge.build("keelwatch_rules_info",
            "The rules in force: digest of exactly what is loaded, and the shipped pack's version.")
            .labelNames("digest", "pack_version").register(registry);
    private final Gauge buildInfo = Gauge.build("keelwatch_build_info", "Version of the running agent.")
            .labelNames("version").register(registry);
    private final Gauge startTime = Gauge.build("keelwatch_start_time_seconds",
            "When the agent started, in seconds since the epoch.").register(registry);

    /** A registry with the agent's families and, when {@code jvm} is set, the JVM's (simpleclient_hotspot). */
    public AgentMetrics(String version, boolean jvm) {
        if (jvm) {
            DefaultExports.register(registry);
        }
        buildInfo.labels(version).set(1);
        startTime.setToCurrentTime();
    }

    private CallbackMetric callback(String name, String help, Kind kind, String... labels) {
        return family(name, help, kind, List.of(labels));
    }

    /**
     * The callback family of this name: the one registered already (its kind and labels must be these), or a new
     * one with this help.
     */
    public CallbackMetric family(String name, String help, Kind kind, List<String> labels) {
        CallbackMetric f = families.computeIfAbsent(name,
                n -> new CallbackMetric(n, help, kind, labels).register(registry));
        if (f.kind() != kind || !f.labelNames().equals(labels)) {
            throw new IllegalArgumentException(name + " exists as a " + f.kind() + " with labels " + f.labelNames()
                    + ", not a " + kind + " with " + labels);
        }
        return f;
    }

    public CollectorRegistry registry() {
        return registry;
    }

    public CallbackMetric records() { return records; }

    public CallbackMetric events() { return events; }

    public CallbackMetric parseErrors() { return parseErrors; }

    public CallbackMetric kernelLost() { return kernelLost; }

    public CallbackMetric serialGaps() { return serialGaps; }

    public CallbackMetric inputs() { return inputs; }

    public CallbackMetric queueDepth() { return queueDepth; }

    public CallbackMetric queueCapacity() { return queueCapacity; }

    public CallbackMetric dropped() { return dropped; }

    public CallbackMetric folded() { return folded; }

    public CallbackMetric alertmanagerPosts() { return amPosts; }

    public CallbackMetric alertmanagerSent() { return amSent; }

    public CallbackMetric alertmanagerFailures() { return amFailures; }

    public CallbackMetric alertmanagerRejected() { return amRejected; }

    public CallbackMetric outbox() { return outbox; }

    public CallbackMetric processTable() { return processTable; }

    public CallbackMetric containerCache() { return containerCache; }

    public CallbackMetric rulesLoaded() { return rulesLoaded; }

    /** One series per part of the agent: 1 while it runs, 0 after it died. */
    public CallbackMetric up() { return up; }

    /** Read from the journal directory at scrape time. */
    public CallbackMetric journalSize() { return journalSize; }

    public CallbackMetric alerts() { return alerts; }

    public CallbackMetric checkpointSaves() { return checkpointSaves; }

    public CallbackMetric resumeSkipped() { return resumeSkipped; }

    public Counter reloads() { return reloads; }

    /** Replaces the rules-info series: one series, for the rules now in force. */
    public synchronized void rulesInfo(String digest, String packVersion) {
        rulesInfo.clear();
        rulesInfo.labels(digest, packVersion).set(1);
    }

    public Histogram ruleEvaluation() { return ruleEvaluation; }

    public Histogram detectionLatency() { return detectionLatency; }
}
