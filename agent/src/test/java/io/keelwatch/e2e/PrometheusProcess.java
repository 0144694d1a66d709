package io.keelwatch.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Prometheus on loopback, scraping the agent's metrics endpoint every second and evaluating the shipped
 * agent-health alerting rules (when present), so the suite proves they load against live series.
 */
public final class PrometheusProcess extends ServiceProcess {

    private final int port;
    private final String scrapeTarget;
    private final Path ruleFile;

    /** @param ruleFile the shipped alerting rules, or null when not (yet) in the tree */
    public PrometheusProcess(Path workDir, int port, String scrapeTarget, Path ruleFile) {
        super("prometheus", workDir);
        this.port = port;
        this.scrapeTarget = scrapeTarget;
        this.ruleFile = ruleFile;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    protected List<String> command() throws IOException {
        Path config = workDir.resolve("prometheus.yml");
        StringBuilder yml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: keelwatch
                    static_configs:
                      - targets: ['%s']
                """.formatted(scrapeTarget));
        if (ruleFile != null) {
            yml.append("rule_files:\n  - '").append(ruleFile).append("'\n");
        }
        Files.writeString(config, yml);
        List<String> cmd = new ArrayList<>(List.of("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        return cmd;
    }

    /** The instant-query result of a PromQL expression, as Prometheus's JSON. */
    public String query(String promql) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(baseUrl().resolve("/api/v1/query?query="
                        + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Override
    protected URI readinessUrl() {
        return baseUrl().resolve("/-/ready");
    }
}
