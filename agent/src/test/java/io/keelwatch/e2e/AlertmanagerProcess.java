package io.keelwatch.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real prometheus-alertmanager on loopback, clustering off, its storage in the work directory. */
public final class AlertmanagerProcess extends ServiceProcess {

    private final int port;

    public AlertmanagerProcess(Path workDir, int port) {
        super("alertmanager", workDir);
        this.port = port;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    protected List<String> command() throws IOException {
        Path config = workDir.resolve("alertmanager.yml");
        // One receiver that drops everything: the suite reads alerts back through the API, not notifications.
        Files.writeString(config, """
                route:
                  receiver: sink
                  group_by: ['...']
                receivers:
                  - name: sink
                """);
        return List.of("prometheus-alertmanager", "--config.file=" + config,
                "--storage.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn");
    }

    @Override
    protected URI readinessUrl() {
        return baseUrl().resolve("/-/ready");
    }
}
