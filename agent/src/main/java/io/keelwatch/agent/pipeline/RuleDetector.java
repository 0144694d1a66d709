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
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
     * @param host         the host alerts name
     * @param ignoreFields fields left out of alerts' repeat keys
     */
    public static Detector.Factory factory(String host, Set<String> ignoreFields) {
        AlertFactory alerts = new AlertFactory(host, ignoreFields);
        // The same text is loaded twice in a row (validated by the daemon or the replay command, then
        // loaded by the core): a rule set is immutable, so the second load reuses the first's compile.
        // Each load still gets its own engine, whose windows and counters start empty.
        AtomicReference<Compiled> last = new AtomicReference<>();
        return content -> {
            Compiled c = last.get();
            if (c == null || !c.content().equals(content)) {
                c = new Compiled(content, RuleLoader.compile(content.isBlank() ? RuleLoader.defaultPack()
                        : RulesBundle.decode(content)));
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

    private record Compiled(String content, RuleSet rules) {
    }

    @Override
    public List<Alert> detect(EnrichedEvent event) {
        List<Match> matches = engine.evaluate(event);
        if (matches.isEmpty()) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            out.add(alerts.forEvent(hit(m), event));
        }
        return out;
    }

    @Override
    public List<Alert> inventory(List<ContainerState> running, Instant now) {
        List<Alert> out = new ArrayList<>();
        for (Match m : engine.evaluateInventory(running, now)) {
            out.add(alerts.forContainer(hit(m), m.container(), m.time()));
        }
        return out;
    }

    @Override
    public List<Alert> container(ContainerEvent event, Instant time) {
        List<Match> matches = engine.evaluateContainer(event, time);
        if (matches.isEmpty()) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            Alert a = alerts.forContainer(hit(m), m.container(), time);
            // Named for the lifecycle event, not the inventory sweep: one id per rule, container, event and time.
            String occurrence = "container." + event.type() + ":" + event.container().id() + "@"
                    + (time.getEpochSecond() * 1_000_000_000L + time.getNano());
            out.add(new Alert(AlertKeys.id(alerts.host(), m.rule(), occurrence), a.key(), a.time(), a.rule(),
                    a.priority(), a.category(), a.tags(), a.output(), a.description(), a.host(), a.container(),
                    a.process(), new Alert.Event(null, "container." + event.type(), "unknown", 0, List.of()),
                    a.fields(), a.folded()));
        }
        return out;
    }

    private static AlertFactory.RuleHit hit(Match m) {
        return new AlertFactory.RuleHit(m.rule(), m.priority().name().toLowerCase(Locale.ROOT), m.category().id(),
                m.tags(), m.output(), m.desc(), m.fields());
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
