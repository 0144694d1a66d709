package io.keelwatch.agent.pipeline;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertFactory;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Match;
import io.keelwatch.rules.engine.RuleEngine;
import io.keelwatch.rules.engine.RuleEngineStats;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** The rule engine as the core's detector: matches become alerts. */
public final class RuleDetector implements Detector {
    private final RuleEngine engine;
    private final AlertFactory alerts;
    private final int loaded;
    private final List<String> warnings;

    private RuleDetector(RuleSet rules, AlertFactory alerts) {
        this.engine = new RuleEngine(rules);
        this.alerts = alerts;
        this.loaded = (int) rules.count(RuleStatus.State.LOADED);
        this.warnings = rules.warnings().stream().map(Object::toString).toList();
    }

    /**
     * Loads bundles ({@link RulesBundle}); an empty bundle means the shipped pack.
     *
     * @param host the host alerts name
     */
    public static Detector.Factory factory(String host) {
        return factory(host, null);
    }

    /**
     * As {@link #factory(String)}, knowing one compile already ({@code compiled}, or {@code null}): the same text
     * is loaded several times in a row (validated by the daemon or the replay command, then loaded by the core),
     * and a rule set is immutable, so every load of the text last compiled reuses that compile. Each load still
     * gets its own engine, whose windows and counters start empty.
     */
    public static Detector.Factory factory(String host, CompiledRules compiled) {
        AlertFactory alerts = new AlertFactory(host);
        AtomicReference<CompiledRules> last = new AtomicReference<>(compiled);
        return content -> {
            CompiledRules c = last.get();
            if (c == null || !c.content().equals(content)) {
                c = CompiledRules.compile(content);
                last.set(c);
            }
            RuleSet rules = c.rules();
            if (rules.hasErrors()) {
                throw new IllegalArgumentException(rules.errors().stream().map(Object::toString)
                        .collect(Collectors.joining("\n")));
            }
            return new RuleDetector(rules, alerts);
        };
    }

    @Override
    public List<Alert> detect(EnrichedEvent event, AlertKeys.RepeatKey keys) {
        List<Match> matches = engine.evaluate(event);
        if (matches.isEmpty()) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            out.add(alerts.forEvent(m, keys));
        }
        return out;
    }

    @Override
    public List<Alert> inventory(List<ContainerState> running, Instant now, AlertKeys.RepeatKey keys) {
        List<Alert> out = new ArrayList<>();
        for (Match m : engine.evaluateInventory(running, now)) {
            out.add(alerts.forInventory(m, keys));
        }
        return out;
    }

    @Override
    public List<Alert> container(ContainerEvent event, Instant time, AlertKeys.RepeatKey keys) {
        List<Match> matches = engine.evaluateContainer(event, time);
        if (matches.isEmpty()) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            out.add(alerts.forContainerEvent(m, event, time, keys));
        }
        return out;
    }

    @Override
    public int rulesLoaded() {
        return loaded;
    }

    @Override
    public RuleEngineStats engineStats() {
        return engine.stats();
    }

    /** Rules skipped at load and other warnings, for the log. */
    public List<String> warnings() {
        return warnings;
    }

    public RuleEngine engine() {
        return engine;
    }
}
