package io.keelwatch.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing done in a container, and the category Keelwatch must (or, for benign work, must not) raise for it.
 *
 * @param category  the expected alert category, or "none" for benign work
 * @param window    how long after {@link Started#detectableFrom()} an alert may take to count as detected
 * @param notEvidence rules whose alerts do not count as detecting this scenario (they see something else about the
 *                    same container, e.g. its configuration where the scenario is about what it does)
 */
public record Scenario(String name, String category, String what, Duration window, Runner runner,
                       java.util.Set<String> notEvidence) {

    public Scenario {
        notEvidence = java.util.Set.copyOf(notEvidence);
    }

    public Scenario(String name, String category, String what, Duration window, Runner runner) {
        this(name, category, what, window, runner, java.util.Set.of());
    }

    /** This scenario, with alerts of these rules not counted as its detection. */
    public Scenario notDetectedBy(String... rules) {
        java.util.Set<String> all = new java.util.TreeSet<>(notEvidence);
        all.addAll(List.of(rules));
        return new Scenario(name, category, what, window, runner, all);
    }

    /** Runs the scenario; the container name is unique to this run. */
    @FunctionalInterface
    public interface Runner {
        Started run(ScenarioContext ctx, String containerName) throws Exception;
    }

    /**
     * What ran: the container an alert must name, since when an alert is a detection of it, and every container
     * the scenario created (helpers and build steps too), which benign scenarios must not see named in any alert.
     */
    public record Started(String containerName, String containerId, Instant detectableFrom, String output,
                          List<String> allContainerIds) {
        Started(String containerName, String containerId, Instant detectableFrom, String output) {
            this(containerName, containerId, detectableFrom, output, List.of(containerId));
        }
    }

    public boolean benign() {
        return category.equals("none");
    }

    /** The common shape: run {@code scenario NAME ARGS} in the e2e image with these docker flags, wait for exit. */
    static Runner inImage(String scenario, List<String> flags, List<String> args) {
        return (ctx, container) -> runInImage(ctx, container, scenario, flags, args);
    }

    static Started runInImage(ScenarioContext ctx, String container, String scenario, List<String> flags,
                              List<String> args) {
        List<String> command = new ArrayList<>(List.of("scenario", scenario));
        command.addAll(args);
        Instant t0 = Instant.now();
        Docker.Ran ran = Docker.runToCompletion(container, flags, ctx.image(), command, Duration.ofSeconds(60));
        String id = ran.id();
        String out = ran.output();
        if (!out.contains("scenario " + scenario + " done")) {
            throw new IllegalStateException("scenario " + scenario + " did not complete:\n" + out);
        }
        return new Started(container, id, t0, out);
    }
}
