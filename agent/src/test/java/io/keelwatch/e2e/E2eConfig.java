package io.keelwatch.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the agent configuration a run uses: the shipped rule pack plus the e2e overrides (short stale
 * thresholds), a private data dir, the suite's Alertmanager, metrics on the suite's port, and the audit source of
 * the mode under test.
 */
final class E2eConfig {

    /** How the agent gets kernel audit records. */
    record Source(String yaml, Path auditdLog) {}

    private E2eConfig() {}

    /** auditd owns the audit socket; the agent tails its log (the suite loads the audit rules). */
    static Source auditdTail(Path auditLog) {
        return new Source("""
                  source: file
                  log_file: %s
                """.formatted(auditLog), auditLog);
    }

    /** No auditd: the agent is the audit daemon on the netlink socket, loading the rules itself or not. */
    static Source netlink(boolean loadRules) {
        return new Source("""
                  source: netlink
                  load_rules: %s
                  exclude_self: true
                  deep_rules: true
                """.formatted(loadRules), null);
    }

    static Path write(Path dir, Path root, Source source, URI alertmanager, int metricsPort, Duration staleAge)
            throws IOException {
        Files.createDirectories(dir);
        Path overrides = dir.resolve("e2e-overrides.yaml");
        Files.writeString(overrides, Files.readString(root.resolve("test-fixtures/e2e/rules-e2e-overrides.yaml"))
                .replace("${STALE_AGE_SECONDS}", Long.toString(staleAge.toSeconds())));
        Path config = dir.resolve("keelwatch.yaml");
        Files.writeString(config, """
                host: kwe2e
                data_dir: %s
                audit:
                %s
                docker:
                  socket: /var/run/docker.sock
                rules:
                  paths: [%s, %s]
                  inventory_interval: 2s
                alerts:
                  stdout: true
                  throttle_window: 60s
                alertmanager:
                  urls: [%s]
                  resend_interval: 5s
                  hold_for: 10m
                metrics:
                  listen: 127.0.0.1:%d
                journal:
                  enabled: true
                log:
                  level: info
                """.formatted(dir.resolve("state"), source.yaml().stripTrailing(), root.resolve("rules/pack"),
                overrides, alertmanager, metricsPort));
        return config;
    }
}
