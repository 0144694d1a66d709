package io.keelwatch.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent as an operator starts it: the launcher {@code bin/keelwatch run --config FILE} over the shaded jar the
 * build produced. Ready when its metrics endpoint answers, which is the unit's readiness signal too.
 */
public final class AgentProcess extends ServiceProcess {

    private final Path launcher;
    private final Path jar;
    private final Path config;
    private final int metricsPort;

    public AgentProcess(Path workDir, Path launcher, Path jar, Path config, int metricsPort) {
        super("keelwatch", workDir);
        this.launcher = launcher;
        this.jar = jar;
        this.config = config;
        this.metricsPort = metricsPort;
    }

    public URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    }

    @Override
    protected List<String> command() {
        return List.of(launcher.toString(), "run", "--config", config.toString());
    }

    @Override
    protected void environment(Map<String, String> env) {
        env.put("KEELWATCH_JAR", jar.toString());
        env.put("KEELWATCH_JAVA_OPTS", "-Xmx384m");
    }

    @Override
    protected URI readinessUrl() {
        return metricsUrl();
    }
}
