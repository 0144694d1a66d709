package io.keelwatch.rules.engine;

import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.fields.EvalContext;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.Fields;
import io.keelwatch.rules.fields.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link RuleSet}. Event rules are indexed by syscall, so an event meets only the rules
 * whose condition can match its type; inventory rules run when their interval has passed at the
 * instant given by the caller (the engine never reads the clock, so replay gives the same alerts);
 * container lifecycle rules are indexed by lifecycle event type and run on each
 * {@link ContainerEvent}.
 * One owner: call from a single thread.
 */
public final class RuleEngine {
    private static final CompiledRule[] NONE = new CompiledRule[0];

    private final RuleSet ruleSet;
    private final Map<String, CompiledRule[]> byType = new HashMap<>();
    private final CompiledRule[] anyType;
    private final CompiledRule[] inventory;
    private final Map<String, CompiledRule[]> lifecycleByType = new HashMap<>();
    private final CompiledRule[] lifecycleAnyType;
    private final WindowCounter[] windows;
    private final long[] lastInventoryRunMs;
    private final EvalContext ctx = new EvalContext();

    private long eventsEvaluated;
    private long containerEventsEvaluated;
    private long rulesEvaluated;
    private long matches;
    private long evaluationErrors;

    public RuleEngine(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
        List<CompiledRule> any = new ArrayList<>();
        List<CompiledRule> inv = new ArrayList<>();
        Map<String, List<CompiledRule>> typed = new HashMap<>();
        List<CompiledRule> lifeAny = new ArrayList<>();
        Map<String, List<CompiledRule>> lifeTyped = new HashMap<>();
        int n = ruleSet.rules().size();
        windows = new WindowCounter[n];
        for (CompiledRule r : ruleSet.rules()) {
            if (r.source() == Source.INVENTORY) {
                inv.add(r);
                continue;
            }
            if (r.source() == Source.CONTAINER) {
                if (r.eventTypes() == null) {
                    lifeAny.add(r);
                } else {
                    r.eventTypes().forEach(t -> lifeTyped.computeIfAbsent(t, k -> new ArrayList<>()).add(r));
                }
                continue;
            }
            if (r.window() != null) {
                windows[r.index()] = new WindowCounter(r.window().overMs(), r.window().threshold(), 4096);
            }
            if (r.eventTypes() == null) {
                any.add(r);
            } else {
                for (String t : r.eventTypes()) {
                    typed.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
                }
            }
        }
        anyType = any.toArray(NONE);
        lifecycleAnyType = lifeAny.toArray(NONE);
        for (String t : LifecycleTypes.ALL) {
            List<CompiledRule> merged = new ArrayList<>(lifeTyped.getOrDefault(t, List.of()));
            merged.addAll(lifeAny);
            merged.sort(Comparator.comparingInt(CompiledRule::index));
            lifecycleByType.put(t, merged.toArray(NONE));
        }
        inventory = inv.toArray(NONE);
        lastInventoryRunMs = new long[n];
        Arrays.fill(lastInventoryRunMs, Long.MIN_VALUE);
        for (Map.Entry<String, List<CompiledRule>> e : typed.entrySet()) {
            List<CompiledRule> merged = new ArrayList<>(e.getValue());
            merged.addAll(any);
            merged.sort(Comparator.comparingInt(CompiledRule::index));
            byType.put(e.getKey(), merged.toArray(NONE));
        }
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** The rules an event of this syscall meets (for tests and diagnostics). */
    public List<CompiledRule> rulesFor(String syscall) {
        return List.of(byType.getOrDefault(syscall, anyType));
    }

    public List<Match> evaluate(EnrichedEvent event) {
        if (event == null || event.audit() == null) {
            return List.of();
        }
        eventsEvaluated++;
        CompiledRule[] candidates = byType.getOrDefault(event.audit().call().name(), anyType);
        if (candidates.length == 0) {
            return List.of();
        }
        ctx.reset(event);
        List<Match> out = null;
        for (CompiledRule r : candidates) {
            rulesEvaluated++;
            boolean hit;
            try {
                hit = r.predicate().test(ctx);
            } catch (RuntimeException e) {
                evaluationErrors++;
                continue;
            }
            if (!hit) {
                continue;
            }
            if (r.window() != null && !windowFires(r)) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(match(r, event, null, Instant.ofEpochMilli(event.audit().id().timestampMs())));
        }
        return out == null ? List.of() : out;
    }

    private boolean windowFires(CompiledRule r) {
        CompiledRule.Window w = r.window();
        String group = join(w.by());
        String value = join(w.distinct());
        WindowCounter counter = windows[r.index()];
        int n = counter.observe(group, value, ctx.nowMs());
        if (n < 0) {
            return false;
        }
        ctx.window(n, counter.values(group, 50));
        return true;
    }

    private String join(List<FieldDef.Bound> fields) {
        if (fields.size() == 1) {
            return Fields.render(fields.get(0), ctx);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append('|');
            }
            b.append(Fields.render(fields.get(i), ctx));
        }
        return b.toString();
    }

    /**
     * Runs every inventory rule whose interval has passed since its last run at {@code now}, over
     * every container. A rule that still holds matches again at each run, so downstream alerting
     * (Alertmanager) keeps the alert active while the condition lasts and resolves it afterwards.
     */
    public List<Match> evaluateInventory(List<ContainerState> containers, Instant now) {
        long nowMs = now.toEpochMilli();
        List<Match> out = new ArrayList<>();
        for (CompiledRule r : inventory) {
            long last = lastInventoryRunMs[r.index()];
            if (last != Long.MIN_VALUE && nowMs - last < r.interval().toMillis()) {
                continue;
            }
            lastInventoryRunMs[r.index()] = nowMs;
            for (ContainerState s : containers) {
                ctx.reset(s, nowMs);
                rulesEvaluated++;
                boolean hit;
                try {
                    hit = r.predicate().test(ctx);
                } catch (RuntimeException e) {
                    evaluationErrors++;
                    continue;
                }
                if (hit) {
                    out.add(match(r, null, s, now));
                }
            }
        }
        return out;
    }

    /**
     * Runs the container lifecycle rules that can match this event's type over it, dated {@code time}
     * (the runtime's event time; the caller's choice, never the clock).
     */
    public List<Match> evaluateContainer(ContainerEvent event, Instant time) {
        CompiledRule[] candidates = lifecycleByType.getOrDefault(event.type(), lifecycleAnyType);
        if (candidates.length == 0) {
            return List.of();
        }
        containerEventsEvaluated++;
        ctx.reset(event, time.toEpochMilli());
        List<Match> out = null;
        for (CompiledRule r : candidates) {
            rulesEvaluated++;
            boolean hit;
            try {
                hit = r.predicate().test(ctx);
            } catch (RuntimeException e) {
                evaluationErrors++;
                continue;
            }
            if (hit) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(match(r, null, event.state(), time));
            }
        }
        return out == null ? List.of() : out;
    }

    /** The container lifecycle rules an event of this type meets (for tests and diagnostics). */
    public List<CompiledRule> containerRulesFor(String type) {
        return List.of(lifecycleByType.getOrDefault(type, lifecycleAnyType));
    }

    /** Container lifecycle events that met at least one rule. */
    public long containerEventsEvaluated() {
        return containerEventsEvaluated;
    }

    private Match match(CompiledRule r, EnrichedEvent e, ContainerState s, Instant time) {
        matches++;
        OutputTemplate t = r.output().template;
        Map<String, String> fields = t.newFieldMap();
        String text = t.render(ctx, fields);
        return new Match(r.name(), r.priority(), r.category(), r.tags(), text, r.desc(), fields, e, s, time);
    }

    public long eventsEvaluated() {
        return eventsEvaluated;
    }

    /** Rule evaluations performed (events times the rules each met, plus inventory checks). */
    public long rulesEvaluated() {
        return rulesEvaluated;
    }

    public long matches() {
        return matches;
    }

    /** Conditions that threw while evaluating (the event is treated as not matching). */
    public long evaluationErrors() {
        return evaluationErrors;
    }

    /** The counters as of now; the evaluating thread reads it. */
    public RuleEngineStats stats() {
        return new RuleEngineStats(eventsEvaluated, containerEventsEvaluated, rulesEvaluated, matches, evaluationErrors,
                windowEvictions());
    }

    /** Window groups and values dropped to keep window state bounded. */
    public long windowEvictions() {
        long n = 0;
        for (WindowCounter w : windows) {
            if (w != null) {
                n += w.evictions();
            }
        }
        return n;
    }
}
