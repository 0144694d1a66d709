package io.keelwatch.audit.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Runs host commands (auditctl, ...) for the host tests. */
final class Host {
    private Host() { }

    record Result(int exit, String out, String err) { }

    static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + Arrays.toString(cmd));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static String ok(String... cmd) throws IOException, InterruptedException {
        Result r = run(cmd);
        if (r.exit != 0) throw new IOException(Arrays.toString(cmd) + " exited " + r.exit + ": " + r.err + r.out);
        return r.out;
    }

    /** The lines of {@code auditctl -l} (auditctl forgets the newline after some rules: split those too). */
    static List<String> auditctlRules() throws IOException, InterruptedException {
        String out = ok("auditctl", "-l").replace("-a ", "\n-a ").replace("-w ", "\n-w ");
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isBlank()) lines.add(l.trim());
        return lines;
    }

    /**
     * Waits up to a minute for no process to hold the kernel audit pid (other tests on this host start
     * auditd or a unicast reader briefly) and returns the status then; the caller fails if it is still held.
     */
    static AuditStatus waitForFreeAuditPid() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            AuditStatus s;
            try (AuditControl c = AuditControl.open()) {
                s = c.status();
            }
            if (s.pid() == 0 || System.currentTimeMillis() > deadline) return s;
            Thread.sleep(500);
        }
    }

    static String key(String part) {
        return "kw_t_src_" + part + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    }
}
