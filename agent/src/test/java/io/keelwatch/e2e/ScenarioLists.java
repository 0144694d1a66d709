package io.keelwatch.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every scenario list the end-to-end suite runs, in one place: adding a list is one line in {@link #ALL}.
 */
final class ScenarioLists {

    /** One list: its attacks and its benign workloads. */
    record Source(String name, Supplier<List<Scenario>> attacks, Supplier<List<Scenario>> benign) {}

    static final List<Source> ALL = List.of(
            new Source("core", Scenarios::attacks, Scenarios::benign)
            // wiring point, one line per list:
            // , new Source("drift", DriftScenarios::attacks, DriftScenarios::benign)
            // , new Source("threat", ThreatScenarios::attacks, ThreatScenarios::benign)
    );

    private ScenarioLists() {}

    static List<Scenario> attacks() {
        List<Scenario> out = new ArrayList<>();
        ALL.forEach(s -> out.addAll(s.attacks().get()));
        return out;
    }

    static List<Scenario> benign() {
        List<Scenario> out = new ArrayList<>();
        ALL.forEach(s -> out.addAll(s.benign().get()));
        return out;
    }
}
