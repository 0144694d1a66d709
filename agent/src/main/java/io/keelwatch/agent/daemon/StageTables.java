package io.keelwatch.agent.daemon;

import static io.keelwatch.metrics.RecordMetrics.counter;
import static io.keelwatch.metrics.RecordMetrics.gauge;

import io.keelwatch.audit.ReassemblyStats;
import io.keelwatch.audit.source.SourceStats;
import io.keelwatch.docker.ContainerRegistryStats;
import io.keelwatch.host.live.LookupStats;
import io.keelwatch.input.EventStreamStats;
import io.keelwatch.metrics.RecordMetrics.Table;
import io.keelwatch.process.ProcessTableStats;
import io.keelwatch.rules.engine.RuleEngineStats;
import java.util.List;

/**
 * How each stage's stats record is exported: the stage that names its metrics and, per component, counter or
 * gauge and the help text. {@link io.keelwatch.metrics.RecordMetrics} checks that a table names every component.
 */
final class StageTables {
    private StageTables() { }

    static final Table<ReassemblyStats> REASSEMBLY = new Table<>(ReassemblyStats.class, "reassembly", List.of(
            counter("records", "Audit records added to the reassembler."),
            counter("events", "Audit events the reassembler emitted."),
            counter("completed", "Events closed by a terminal record (EOE, PROCTITLE, single-record types)."),
            counter("timedOut", "Events closed because log time passed their timestamp by the event timeout."),
            counter("evicted", "Events closed early because too many were in flight (oldest first)."),
            counter("flushed", "Events closed at the end of input."),
            counter("late", "Records that arrived for an event already emitted (emitted again as their own event)."),
            counter("strayEoe", "EOE records with no open event."),
            counter("serialGaps", "Kernel serials never seen (lost records), net of serials that arrived late."),
            counter("outOfOrder", "Events whose serial was lower than one already seen."),
            counter("duplicateSerials", "Events reusing a serial already seen with another timestamp or node."),
            counter("serialResets", "Serial jumps too large to be loss (reboot, another counter): gap counting restarted."),
            gauge("inFlight", "Events open in the reassembler.")));

    static final Table<ProcessTableStats> PROCESS_TABLE = new Table<>(ProcessTableStats.class, "process_table",
            List.of(
            gauge("entries", "Processes in the process table."),
            counter("seeded", "Processes learnt from /proc at start."),
            counter("execs", "Exec events applied to the process table."),
            counter("forks", "Children added from clone, fork, vfork and clone3 events."),
            counter("missedExecs", "Events whose exe showed an exec the process table never saw."),
            counter("pidReused", "Pids found to belong to another process than the one the table knew."),
            counter("goneBeforeLookup", "Processes gone before their /proc entry could be read."),
            counter("placeholders", "Parents known only by pid (no event and no /proc entry)."),
            counter("evictedDead", "Dead processes without retained children dropped at the table's bound."),
            counter("evictedLive", "Live processes (or dead ones holding descendants) dropped at the table's bound."),
            counter("malformedLookups", "Host answers (pid lists, boot time) the process table could not read."),
            counter("lateCloneRecords", "Clone records that arrived after their child's own records."),
            counter("startedAfterEvent", "Lookups refused because the pid's process started after the event.")));

    static final Table<ContainerRegistryStats> CONTAINERS = new Table<>(ContainerRegistryStats.class, "containers",
            List.of(
            gauge("running", "Containers running now (a count of what the registry holds, no lookup)."),
            gauge("tracked", "Containers the registry holds as live: running, created, or stopped and not destroyed."),
            counter("eventsApplied", "Container runtime events applied to the registry."),
            counter("eventsMalformed", "Container runtime events that could not be read (skipped)."),
            counter("inspectsAbsent", "Container inspects that found no container (gone already, or no runtime)."),
            counter("inspectsMalformed", "Container inspect answers that could not be read."),
            counter("execsUnknown", "exec_create events whose session could not be inspected.")));

    static final Table<RuleEngineStats> RULE_ENGINE = new Table<>(RuleEngineStats.class, "rule_engine", List.of(
            counter("eventsEvaluated", "Syscall events evaluated against the rules."),
            counter("containerEventsEvaluated", "Container lifecycle events that met at least one rule."),
            counter("rulesEvaluated", "Rule evaluations (events times the rules each met, plus inventory checks)."),
            counter("matches", "Rule matches (before alert filtering and folding)."),
            counter("evaluationErrors", "Rule conditions that failed while evaluating (the event did not match)."),
            counter("windowEvictions", "Window groups and values dropped to keep window state bounded.")));

    static final Table<SourceStats> AUDIT_SOURCE = new Table<>(SourceStats.class, "audit_source", List.of(
            counter("lines", "Audit log lines the source handed out."),
            counter("messages", "Netlink audit messages the source handed out."),
            counter("bytes", "Bytes of audit input the source handed out."),
            counter("enobufs", "ENOBUFS from the netlink socket: the kernel dropped messages for it."),
            counter("truncatedMessages", "Netlink messages larger than the receive buffer (dropped)."),
            counter("foreignSenders", "Netlink messages not sent by the kernel (dropped)."),
            counter("rotations", "Audit log rotations by rename followed."),
            counter("truncations", "Copy-truncate rotations of the audit log seen."),
            counter("checkpointWrites", "Audit log read positions saved."),
            counter("missedFiles", "Audit log files rotated away before they were read to their end."),
            counter("unterminatedLines", "Lines without a newline at the end of a rotated or truncated file."),
            counter("overlongLines", "Audit lines longer than the line limit (skipped)."),
            counter("readErrors", "Read or receive errors the source survived."),
            counter("rulesRefused", "Audit rules the kernel refused at load."),
            counter("kernelLostSinceStart", "Increases of the kernel's audit lost counter since the agent started.")));

    static final Table<EventStreamStats> EVENT_STREAM = new Table<>(EventStreamStats.class, "event_stream", List.of(
            gauge("connected", "1 while a container runtime's event stream is open."),
            counter("connects", "Connections of a runtime's event stream; more than one: it broke and was reopened."),
            counter("failures", "Times a runtime's event stream could not be opened or broke."),
            counter("delivered", "Runtime events handed to the pipeline."),
            counter("duplicates", "Replayed runtime events dropped after a reconnect (delivered before)."),
            counter("malformed", "Runtime event messages that could not be read (dropped).")));

    static final Table<LookupStats> HOST_LOOKUP = new Table<>(LookupStats.class, "host_lookup", List.of(
            counter("procMisses", "/proc reads that found nothing (process gone, or not a pid)."),
            counter("dockerFailures", "Docker requests that failed (daemon down or refused).")));

    /** Every table, for the test that scrapes them all. */
    static final List<Table<?>> ALL = List.of(REASSEMBLY, PROCESS_TABLE, CONTAINERS, RULE_ENGINE, AUDIT_SOURCE,
            EVENT_STREAM, HOST_LOOKUP);
}
