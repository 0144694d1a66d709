package io.keelwatch.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every scenario list the end-to-end suite runs, in one place: adding a list is one line in {@link #ALL}.
 */
final class ScenarioLists {

    /** Host paths a list needs from before the agent starts (audit watches need their directory) until the end. */
    interface HostSetup {
        AutoCloseable open() throws Exception;
    }

    /** One list: its attacks, its benign workloads and what it sets up on the host. */
    record Source(String name, Supplier<List<Scenario>> attacks, Supplier<List<Scenario>> benign, HostSetup host) {
        Source(String name, Supplier<List<Scenario>> attacks, Supplier<List<Scenario>> benign) {
            this(name, attacks, benign, () -> () -> { });
        }
    }

    static final List<Source> ALL = List.of(
            new Source("core", Scenarios::attacks, Scenarios::benign),
            new Source("threat", ThreatScenarios::attacks, ThreatScenarios::benign, ThreatScenarios::hostFixture)
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

    /** Every list's host setup, opened in order; closing undoes them in reverse, each even if another fails. */
    static AutoCloseable openHostSetups() throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        AutoCloseable all = () -> {
            Exception first = null;
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
        try {
            for (Source s : ALL) {
                opened.add(s.host().open());
            }
        } catch (Exception e) {
            try {
                all.close();
            } catch (Exception undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return all;
    }
}
