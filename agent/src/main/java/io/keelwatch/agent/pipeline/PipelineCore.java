package io.keelwatch.agent.pipeline;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.alert.AlertThrottle;
import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.EventId;
import io.keelwatch.audit.Received;
import io.keelwatch.audit.StandaloneEvent;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.input.HostInput;
import io.keelwatch.rules.engine.Priority;
import io.keelwatch.rules.engine.RuleEngineStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The deterministic heart of the agent: consumes {@link HostInput}s one at a time and emits alerts.
 * Audit input goes through parse, reassembly, enrichment and the rules; Docker input updates the
 * container registry; ticks drive time (event timeouts, alert folding, inventory checks); a rules
 * {@link HostInput.ConfigChange} swaps the rules at that point of the input. It reads no wall clock and
 * no live host, so the same inputs give the same alerts live, in replay, and on another machine.
 * Single-threaded: one owner calls {@link #accept}. Counters are published as a {@link PipelineStats}
 * snapshot on every tick for other threads (metrics) to read.
 */
public final class PipelineCore {
    /** The ConfigChange that carries the rules text. */
    public static final String RULES = "rules";
    /** The ConfigChange that carries the agent's own pid (its events are dropped). */
    public static final String AGENT_PID = "agent.pid";

    /**
     * The ConfigChange the agent journals for each change of its tier-2 audit rules: the state ({@code loaded},
     * {@code partial}, {@code removed}, {@code cleared}), why, then the agent's tier-2 rules in the kernel after
     * the change, one auditctl line each. Replay shows them as {@link PipelineStats#tier2Rules()}: what the kernel
     * was recording at that point of the input.
     */
    public static final String AUDIT_TIER2 = "audit.tier2";
    /**
     * The ConfigChange the agent journals for each change of one container's directory watches: the container id
     * (empty for the clearing at start), why, then that container's watch rules in the kernel after the change.
     * They change nothing in the pipeline: events below a watched directory are in the input only while its watch
     * was in the kernel, and the journal says when that was.
     */
    public static final String AUDIT_WATCH = "audit.container_watch";
    /** The ConfigChange that carries the alert settings ({@link Options#encode()}). */
    public static final String ALERT_OPTIONS = "alerts.options";

    /**
     * Settings that shape the alerts. The live agent journals them as an {@link #ALERT_OPTIONS}
     * ConfigChange, so a replay folds and filters exactly as the live run did.
     *
     * @param ignoreFields fields left out of an alert's repeat key
     */
    public record Options(Priority minPriority, Duration throttleWindow, int throttleMaxKeys,
                          Duration inventoryInterval, Set<String> ignoreFields) {
        public Options {
            ignoreFields = Set.copyOf(new TreeSet<>(ignoreFields));
        }

        public static Options defaults() {
            return new Options(Priority.DEBUG, Duration.ofSeconds(60), 10_000, Duration.ofSeconds(60),
                    Set.of("evt.time", "evt.rawtime", "evt.num", "proc.pid", "proc.ppid", "proc.vpid", "thread.tid"));
        }

        /** One {@code name=value} per line. */
        public String encode() {
            return "min_priority=" + minPriority.lowerName() + "\nthrottle_window_ms=" + throttleWindow.toMillis()
                    + "\nthrottle_max_keys=" + throttleMaxKeys + "\ninventory_interval_ms="
                    + inventoryInterval.toMillis() + "\nignore_fields=" + String.join(",", new TreeSet<>(ignoreFields))
                    + "\n";
        }

        /** Reads {@link #encode()}'s form; names it does not know keep this value's setting. */
        public Options decode(String text) {
            Options o = this;
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = line.substring(0, eq).trim();
                String v = line.substring(eq + 1).trim();
                o = switch (k) {
                    case "min_priority" -> new Options(Priority.of(v), o.throttleWindow, o.throttleMaxKeys,
                            o.inventoryInterval, o.ignoreFields);
                    case "throttle_window_ms" -> new Options(o.minPriority, Duration.ofMillis(Long.parseLong(v)),
                            o.throttleMaxKeys, o.inventoryInterval, o.ignoreFields);
                    case "throttle_max_keys" -> new Options(o.minPriority, o.throttleWindow, Integer.parseInt(v),
                            o.inventoryInterval, o.ignoreFields);
                    case "inventory_interval_ms" -> new Options(o.minPriority, o.throttleWindow, o.throttleMaxKeys,
                            Duration.ofMillis(Long.parseLong(v)), o.ignoreFields);
                    case "ignore_fields" -> new Options(o.minPriority, o.throttleWindow, o.throttleMaxKeys,
                            o.inventoryInterval, v.isEmpty() ? Set.of() : Set.of(v.split(",")));
                    default -> o;
                };
            }
            return o;
        }
    }

    private final AuditStage audit;
    /** Parses raw audit inputs given to {@link #accept(HostInput)}; made on first use. */
    private AuditLineParser parser;
    private final IdentityStage identity;
    private final Detector.Factory detectors;
    private AlertThrottle throttle;
    private final AlertSink out;
    private Options options;
    private final LongSupplier nanoTime;
    private final RuleTimer ruleTimer;
    private final EventsDone done;
    private final AlertKeys.RepeatKey keys = this::repeatKey;
    private Detector detector;
    private int selfPid = -1;
    private long nextInventoryMs = Long.MIN_VALUE;
    private long lastTimeMs = Long.MIN_VALUE;

    private final long[] inputs = new long[KINDS.length];
    private final Map<String, Long> eventsByType = new HashMap<>();
    private final Map<List<String>, Long> dropped = new HashMap<>();
    private final Map<List<String>, Long> alerts = new HashMap<>();
    private volatile PipelineStats published = PipelineStats.EMPTY;
    private String lastRulesError;
    /** The agent's tier-2 audit rules in the kernel, as of the last AUDIT_TIER2 change. */
    private List<String> tier2Rules = List.of();
    private long tier2Changes;
    private long foldedBefore;
    private RuleEngineStats engineBefore = RuleEngineStats.EMPTY;

    /** Measures rule evaluation for the metrics; never influences what the core emits. */
    @FunctionalInterface
    public interface RuleTimer {
        RuleTimer NONE = nanos -> { };

        void observe(long nanos);
    }

    /**
     * Told of each audit event once the core is done with it: its alerts are with the sinks (or it was
     * dropped and counted). A checkpointing source uses it; it never influences what the core emits.
     */
    @FunctionalInterface
    public interface EventsDone {
        EventsDone NONE = id -> { };

        void done(EventId id);
    }

    /**
     * @param detector  the rules in force until a rules ConfigChange replaces them
     * @param nanoTime  only for measuring rule evaluation time; pass {@code () -> 0} in replay
     */
    public PipelineCore(AuditStage.Factory audit, IdentityStage identity, Detector detector,
                        Detector.Factory detectors, AlertSink out, Options options, LongSupplier nanoTime,
                        RuleTimer ruleTimer) {
        this(audit, identity, detector, detectors, out, options, nanoTime, ruleTimer, EventsDone.NONE);
    }

    /** @param done told of every audit event the core has finished with */
    public PipelineCore(AuditStage.Factory audit, IdentityStage identity, Detector detector,
                        Detector.Factory detectors, AlertSink out, Options options, LongSupplier nanoTime,
                        RuleTimer ruleTimer, EventsDone done) {
        this.done = done;
        this.audit = audit.create(this::event);
        this.identity = identity;
        this.detector = detector;
        this.detectors = detectors;
        this.out = out;
        this.options = options;
        this.nanoTime = nanoTime;
        this.ruleTimer = ruleTimer;
        this.throttle = new AlertThrottle(options.throttleWindow(), options.throttleMaxKeys(), this::emit);
    }

    /**
     * Consumes one raw input, parsing it here when it is an audit record: for callers that hold raw inputs
     * (tests, benchmarks). The agent and replay hand over inputs their sources parsed ({@link #accept(Received)}).
     */
    public void accept(HostInput in) {
        if (parser == null) {
            parser = new AuditLineParser();
        }
        accept(Received.parse(parser, in, false));
    }

    /** Consumes one input with its parse. */
    public void accept(Received received) {
        HostInput in = received.input();
        inputs[kindIndex(in)]++;
        if (received.isAudit()) {
            audit.accept(received);
        } else if (in instanceof HostInput.DockerEvent d) {
            identity.dockerEvent(d);
        } else if (in instanceof HostInput.RuntimeEvent r) {
            identity.runtimeEvent(r);
        } else if (in instanceof HostInput.Lookup l) {
            identity.lookupAnswer(l);
        } else if (in instanceof HostInput.Tick t) {
            tick(t.receivedAtMs());
        } else if (in instanceof HostInput.ConfigChange c) {
            configChange(c);
        }
        if (!(in instanceof HostInput.Lookup) && !(in instanceof HostInput.ConfigChange)) {
            // Not after lookups (replay learns the host at the first other input) nor config (the rules
            // come first): containers found at start are evaluated at the first input after that.
            containerEvents(in.receivedAtMs());
        }
    }

    /**
     * The container lifecycle rules over what happened to containers during this input: dated by the
     * runtime's event time, or (found running at start) by the input's receive time, both journaled.
     */
    private void containerEvents(long inputMs) {
        List<ContainerEvent> events = identity.containerEvents();
        for (ContainerEvent e : events) {
            count(eventsByType, "container." + e.type());
            if (e instanceof ContainerEvent.ExecCreated x && x.session() == null) {
                // the session was gone or unreadable before it could be inspected: exec rules cannot judge it
                count(dropped, List.of("docker", "exec_not_inspected"));
            }
            Instant time = e.timeNs() > 0 ? Instant.ofEpochSecond(0, e.timeNs()) : Instant.ofEpochMilli(inputMs);
            for (Alert a : detector.container(e, time, keys)) {
                alert(a);
            }
        }
    }

    /** End of input (shutdown, end of replay): close open events and release folded alerts. */
    public void finish() {
        audit.flush();
        throttle.flush();
        publish();
    }

    private void tick(long nowMs) {
        lastTimeMs = Math.max(lastTimeMs, nowMs);
        audit.advanceTo(nowMs);
        Instant now = Instant.ofEpochMilli(nowMs);
        throttle.tick(now);
        if (nowMs >= nextInventoryMs) {
            if (nextInventoryMs != Long.MIN_VALUE) {
                for (Alert a : detector.inventory(identity.inventory(), now, keys)) {
                    alert(a);
                }
            }
            nextInventoryMs = nowMs + options.inventoryInterval().toMillis();
        }
        publish();
    }

    private void configChange(HostInput.ConfigChange c) {
        if (RULES.equals(c.what())) {
            try {
                Detector next = detectors.load(c.content());
                engineBefore = engineBefore.plus(detector.engineStats());   // counters stay monotonic across loads
                detector = next;
                lastRulesError = null;
            } catch (IllegalArgumentException e) {
                // The daemon validates before it sends; this only happens in a replay of a bad journal.
                lastRulesError = e.getMessage();
                count(dropped, List.of("rules", "load_failed"));
            }
        } else if (AGENT_PID.equals(c.what())) {
            selfPid = Integer.parseInt(c.content().trim());
        } else if (ALERT_OPTIONS.equals(c.what())) {
            try {
                Options next = options.decode(c.content());
                if (!next.equals(options)) {
                    throttle.flush();
                    foldedBefore += throttle.foldedTotal();
                    options = next;
                    throttle = new AlertThrottle(next.throttleWindow(), next.throttleMaxKeys(), this::emit);
                }
            } catch (IllegalArgumentException e) {
                count(dropped, List.of("config", "bad_alert_options"));
            }
        } else if (AUDIT_TIER2.equals(c.what())) {
            tier2Rules = tier2Lines(c.content());
            tier2Changes++;
        } else if (AUDIT_WATCH.equals(c.what())) {
            // nothing to apply: what the watches recorded is in the audit input itself; the journal keeps the record
            assert c.content() != null;
        } else {
            // a kind this version does not know (a journal from a newer agent): visible, not silently ignored
            count(dropped, List.of("config", "unknown_kind"));
        }
    }

    /** The rule lines of an {@link #AUDIT_TIER2} change: everything after the state and the reason. */
    private static List<String> tier2Lines(String content) {
        List<String> out = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 2; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(lines[i]);
            }
        }
        return List.copyOf(out);
    }

    private void event(AuditEvent e) {
        handle(e);
        done.done(e.id());
    }

    private void handle(AuditEvent e) {
        if (e instanceof StandaloneEvent s) {
            count(eventsByType, "standalone");
            return;
        }
        SyscallEvent se = (SyscallEvent) e;
        count(eventsByType, se.call().name());
        if (se.task().pid() == selfPid && selfPid > 0) {
            count(dropped, List.of("filter", "own_pid"));
            return;
        }
        EnrichedEvent ee = identity.enrich(se);
        long t0 = nanoTime.getAsLong();
        List<Alert> found = detector.detect(ee, keys);
        ruleTimer.observe(nanoTime.getAsLong() - t0);
        for (Alert a : found) {
            alert(a);
        }
    }

    /**
     * The repeat key of every alert, computed once as the detector builds it: the core's, because the ignored
     * fields are its journaled settings, so a replay folds as the live run did.
     */
    private String repeatKey(String rule, String containerId, Map<String, String> fields) {
        return AlertKeys.repeatKey(rule, containerId, fields, options.ignoreFields());
    }

    private void alert(Alert a) {
        if (!a.priority().atLeast(options.minPriority())) {
            count(dropped, List.of("alerts", "below_min_priority"));
            return;
        }
        throttle.accept(a);
    }

    private void emit(Alert a) {
        count(alerts, List.of(a.rule(), a.category().id(), a.priority().lowerName()));
        out.accept(a);
    }

    private static <K> void count(Map<K, Long> m, K key) {
        m.merge(key, 1L, Long::sum);
    }

    private void publish() {
        Map<String, Long> byKind = new HashMap<>();
        for (int i = 0; i < KINDS.length; i++) {
            byKind.put(KINDS[i].getSimpleName(), inputs[i]);
        }
        published = new PipelineStats(byKind, audit.stats(), Map.copyOf(eventsByType), Map.copyOf(dropped),
                Map.copyOf(alerts), foldedBefore + throttle.foldedTotal(), identity.processTableSize(),
                identity.containerCacheSize(), detector.rulesLoaded(), lastRulesError, tier2Rules, tier2Changes,
                identity.processStats(), identity.containerStats(), engineBefore.plus(detector.engineStats()));
    }

    /** Counters as of the last tick; safe to read from any thread. */
    public PipelineStats stats() {
        return published;
    }

    private static final Class<?>[] KINDS = HostInput.class.getPermittedSubclasses();

    private static int kindIndex(HostInput in) {
        Class<?> c = in.getClass();
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("unknown input " + c);
    }
}
