package io.keelwatch.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel audit rules a test owns: added under its own key with {@code auditctl -a} (appended, so
 * every rule loaded earlier still matches first) and deleted again by {@link #close()}. Audit is
 * switched on when it was off, and left on: other tests may rely on it by then.
 */
final class TestAuditRules implements AutoCloseable {
    private final List<String> added = new ArrayList<>();

    TestAuditRules(List<String> rules) throws IOException, InterruptedException {
        if (auditctl("-s").contains("enabled 0")) {
            auditctl("-e", "1");
        }
        try {
            for (String rule : rules) {
                List<String> args = new ArrayList<>(List.of(rule.trim().split("\\s+")));
                auditctl(args.toArray(String[]::new));
                added.add(rule);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        IOException failure = null;
        for (String rule : added) {
            List<String> args = new ArrayList<>(List.of(rule.trim().split("\\s+")));
            args.set(0, "-d");
            try {
                auditctl(args.toArray(String[]::new));
            } catch (IOException e) {
                failure = e;
            }
        }
        added.clear();
        if (failure != null) {
            throw failure;
        }
    }

    static String auditctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("auditctl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out.strip());
        }
        return out;
    }
}
