package io.keelwatch.replay;

import io.keelwatch.agent.pipeline.Detector;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertFactory;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Match;
import io.keelwatch.rules.engine.RuleEngine;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import io.keelwatch.rules.lang.Diagnostic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The rule engine as the pipeline core's {@link Detector}: matches become alerts through the {@link AlertFactory}. */
public final class RuleEngineDetector implements Detector {

    private final RuleEngine engine;
    private final AlertFactory alerts;
    private final int rulesLoaded;

    RuleEngineDetector(RuleSet rules, AlertFactory alerts) {
        this.engine = new RuleEngine(rules);
        this.alerts = alerts;
        this.rulesLoaded = (int) rules.count(RuleStatus.State.LOADED);
    }

    /** Builds detectors from rules text as {@link RulesText} writes it; errors name their file and line. */
    public static Detector.Factory factory(String host) {
        AlertFactory alerts = new AlertFactory(host, Set.of());
        return content -> {
            RuleSet set = RuleLoader.compile(RulesText.split(content));
            if (set.hasErrors()) {
                throw new IllegalArgumentException(set.errors().stream().map(Diagnostic::toString)
                        .collect(Collectors.joining("\n")));
            }
            return new RuleEngineDetector(set, alerts);
        };
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
        List<Match> matches = engine.evaluateInventory(running, now);
        List<Alert> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            out.add(alerts.forContainer(hit(m), m.container(), now));
        }
        return out;
    }

    private static AlertFactory.RuleHit hit(Match m) {
        return new AlertFactory.RuleHit(m.rule(), m.priority().name().toLowerCase(Locale.ROOT), m.category().id(),
                m.tags(), m.output(), m.desc(), m.fields());
    }

    @Override
    public int rulesLoaded() {
        return rulesLoaded;
    }
}
