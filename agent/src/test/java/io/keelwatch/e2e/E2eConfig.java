package io.keelwatch.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the agent configuration a run uses: the shipped defaults. The file says only where the agent keeps its
 * data, where alerts and metrics go, and one rule file that shortens the stale-container age thresholds, so that a
 * container can grow "old" during the run. {@code rules.paths} adds to the pack the jar embeds, which loads first as
 * it does for every user; naming {@code rules/pack} here too would load it twice. No audit, pipeline, inventory or alert-folding setting: the audit source is
 * chosen as on a user's host ({@code auto}: the auditd log at its default path when auditd runs, else netlink with
 * the agent loading its own audit rules).
 */
final class E2eConfig {

    /** What the scorecard says of the configuration. */
    static final String DESCRIPTION = "shipped defaults: no audit/pipeline/rules settings; rules = the embedded pack "
            + "+ an override of the stale-container age thresholds only";

    private E2eConfig() {}

    static Path write(Path dir, Path root, URI alertmanager, int metricsPort, Duration staleAge) throws IOException {
        Files.createDirectories(dir);
        Path overrides = dir.resolve("e2e-overrides.yaml");
        Files.writeString(overrides, Files.readString(root.resolve("test-fixtures/e2e/rules-e2e-overrides.yaml"))
                .replace("${STALE_AGE_SECONDS}", Long.toString(staleAge.toSeconds())));
        Path config = dir.resolve("keelwatch.yaml");
        Files.writeString(config, """
                data_dir: %s
                rules:
                  paths: [%s]
                alertmanager:
                  urls: [%s]
                metrics:
                  listen: 127.0.0.1:%d
                """.formatted(dir.resolve("state"), overrides, alertmanager, metricsPort));
        return config;
    }
}
