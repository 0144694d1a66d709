package io.keelwatch.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a host command to completion with a deadline and keeps what it printed. */
public final class Cmd {

    /** The outcome of one command. */
    public record Result(List<String> command, int exit, String out, String err) {
        public Result requireSuccess() {
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit + "\nstdout: " + out
                        + "\nstderr: " + err);
            }
            return this;
        }

        public String trimmed() {
            return out.trim();
        }
    }

    private Cmd() {}

    public static Result run(String... command) {
        return run(Duration.ofMinutes(2), null, Arrays.asList(command));
    }

    public static Result run(Duration timeout, Path dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(List.copyOf(command), p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
    }
}
