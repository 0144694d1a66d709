package io.keelwatch.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Scenarios about images and time rather than system calls: stale containers, and a benign image build. */
final class StaleScenarios {

    private StaleScenarios() {}

    /** A container left running: detectable once it is older than the configured age. Not waited for. */
    static Scenario.Started longLived(ScenarioContext ctx, String container) {
        Instant t0 = Instant.now();
        String id = Docker.runDetached(container, List.of(), ctx.image(), List.of("scenario", "long-lived", "600"));
        return new Scenario.Started(container, id, t0.plus(ctx.staleAge()), "");
    }

    /** Runs a container from a tag, then rebuilds the tag to a new image while the container keeps running. */
    static Scenario.Started imageRetag(ScenarioContext ctx, String container) throws IOException {
        String tag = "local/kw-e2e-stale:" + ctx.prefix();
        build(ctx, tag, "FROM " + ctx.image() + "\nLABEL io.keelwatch.e2e.generation=1\n");
        String id = Docker.runDetached(container, List.of(), tag, List.of("scenario", "long-lived", "600"));
        ServiceProcess.sleep(Duration.ofSeconds(2));
        Instant t0 = Instant.now();
        build(ctx, tag, "FROM " + ctx.image() + "\nLABEL io.keelwatch.e2e.generation=2\n");
        return new Scenario.Started(container, id, t0, "");
    }

    /** A typical build: RUN steps that write, chmod and execute files in their own layers. */
    static Scenario.Started benignBuild(ScenarioContext ctx, String container) throws IOException {
        Instant t0 = Instant.now();
        build(ctx, "local/kw-e2e-build:" + ctx.prefix(), """
                FROM %s
                RUN mkdir -p /app && printf '#!/bin/sh\\necho built\\n' > /app/run.sh && chmod 0755 /app/run.sh
                RUN /app/run.sh && tar cf /tmp/app.tar /app && gzip -f /tmp/app.tar && ls -l /tmp
                WORKDIR /app
                CMD ["/app/run.sh"]
                """.formatted(ctx.image()));
        Instant t1 = Instant.now().plusSeconds(1);
        List<String> ids = new ArrayList<>(List.of(Cmd.run("docker", "events", "--since", Long.toString(t0.getEpochSecond()),
                "--until", Long.toString(t1.getEpochSecond()), "--filter", "type=container", "--filter", "event=create",
                "--format", "{{.ID}}").requireSuccess().trimmed().split("\\s+")));
        ids.removeIf(String::isEmpty);
        return new Scenario.Started(container, "", t0, "", ids);
    }

    private static void build(ScenarioContext ctx, String tag, String dockerfile) throws IOException {
        Path dir = Files.createDirectories(ctx.workDir().resolve("build-" + tag.replaceAll("[^a-zA-Z0-9]", "-")));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        Docker.build(tag, dir);
    }
}
