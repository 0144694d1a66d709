package io.keelwatch.agent.pipeline;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertSink;
import io.keelwatch.alert.AlertThrottle;
import io.keelwatch.alert.Priority;
import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.StandaloneEvent;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.event.HostInput;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Settings of the core that inputs do not carry. */
    public record Options(Priority minPriority, Duration throttleWindow, int throttleMaxKeys,
                          Duration inventoryInterval) {
        public static Options defaults() {
            return new Options(Priority.DEBUG, Duration.ofSeconds(60), 10_000, Duration.ofSeconds(60));
        }
    }

    private final AuditStage audit;
    private final IdentityStage identity;
    private final Detector.Factory detectors;
    private final AlertThrottle throttle;
    private final AlertSink out;
    private final Options options;
    private final LongSupplier nanoTime;
    private final RuleTimer ruleTimer;
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

    /** Measures rule evaluation for the metrics; never influences what the core emits. */
    @FunctionalInterface
    public interface RuleTimer {
        RuleTimer NONE = nanos -> { };

        void observe(long nanos);
    }

    /**
     * @param detector  the rules in force until a rules ConfigChange replaces them
     * @param nanoTime  only for measuring rule evaluation time; pass {@code () -> 0} in replay
     */
    public PipelineCore(AuditStage.Factory audit, IdentityStage identity, Detector detector,
                        Detector.Factory detectors, AlertSink out, Options options, LongSupplier nanoTime,
                        RuleTimer ruleTimer) {
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

    /** Consumes one input. */
    public void accept(HostInput in) {
        inputs[kindIndex(in)]++;
        if (in instanceof HostInput.AuditLine l) {
            audit.line(l);
        } else if (in instanceof HostInput.AuditNetlink n) {
            audit.netlink(n);
        } else if (in instanceof HostInput.DockerEvent d) {
            identity.dockerEvent(d);
        } else if (in instanceof HostInput.Lookup l) {
            identity.lookupAnswer(l);
        } else if (in instanceof HostInput.Tick t) {
            tick(t.receivedAtMs());
        } else if (in instanceof HostInput.ConfigChange c) {
            configChange(c);
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
                for (Alert a : detector.inventory(identity.inventory(), now)) {
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
                detector = detectors.load(c.content());
                lastRulesError = null;
            } catch (IllegalArgumentException e) {
                // The daemon validates before it sends; this only happens in a replay of a bad journal.
                lastRulesError = e.getMessage();
                count(dropped, List.of("rules", "load_failed"));
            }
        } else if (AGENT_PID.equals(c.what())) {
            selfPid = Integer.parseInt(c.content().trim());
        }
    }

    private void event(AuditEvent e) {
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
        List<Alert> found = detector.detect(ee);
        ruleTimer.observe(nanoTime.getAsLong() - t0);
        for (Alert a : found) {
            alert(a);
        }
    }

    private void alert(Alert a) {
        Priority p;
        try {
            p = Priority.of(a.priority());
        } catch (IllegalArgumentException e) {
            p = Priority.WARNING;
        }
        if (!p.atLeast(options.minPriority())) {
            count(dropped, List.of("alerts", "below_min_priority"));
            return;
        }
        throttle.accept(a);
    }

    private void emit(Alert a) {
        count(alerts, List.of(a.rule(), a.category(), a.priority()));
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
                Map.copyOf(alerts), throttle.foldedTotal(), identity.processTableSize(),
                identity.containerCacheSize(), detector.rulesLoaded(), lastRulesError);
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
