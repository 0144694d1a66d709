package io.keelwatch.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-running host process the suite starts and owns: its output goes to a log file in its work directory,
 * readiness is an HTTP probe, and {@link #close()} ends exactly this process (by its handle, never by name).
 */
public abstract class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    protected final Path workDir;
    private Process process;

    protected ServiceProcess(String name, Path workDir) {
        this.name = name;
        this.workDir = workDir;
    }

    /** The command line, built once the work directory holds the configuration. */
    protected abstract List<String> command() throws IOException;

    /** Extra environment for the process; none by default. */
    protected void environment(java.util.Map<String, String> env) {}

    /** An HTTP URL that answers 200 once the service is ready, or null to only check that it stays alive. */
    protected abstract URI readinessUrl();

    public final Path log() {
        return workDir.resolve(name + ".log");
    }

    public final long pid() {
        return process.pid();
    }

    public final boolean isAlive() {
        return process != null && process.isAlive();
    }

    public void start(Duration readyWithin) {
        try {
            Files.createDirectories(workDir);
            ProcessBuilder pb = new ProcessBuilder(command()).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            environment(pb.environment());
            process = pb.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitReady(readyWithin);
    }

    private void awaitReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        URI url = readinessUrl();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited " + process.exitValue() + " during start:\n" + tail());
            }
            if (url == null || httpOk(url)) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " not ready within " + within + " (" + url + "):\n" + tail());
    }

    static boolean httpOk(URI url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the log, for failure messages. */
    public final String tail() {
        try {
            List<String> lines = Files.exists(log()) ? Files.readAllLines(log()) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "<log unreadable: " + e + ">";
        }
    }

    /** SIGKILL, as a crash would end it, and waits for the process to be gone. */
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends SIGTERM and waits; SIGKILL after the grace period. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
