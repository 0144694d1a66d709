package io.keelwatch.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the audit rules the shipped pack needs ({@code keelwatch audit-rules}) into the kernel for the auditd
 * mode, where the agent only tails the log, and removes exactly the rules it added on close. Rules another party
 * already loaded ("Rule exists") are left to that party. Global control lines (-D, -e 2, ...) are never applied;
 * audit is enabled if it is off and the backlog raised to what the rule set asks, neither is reverted.
 */
final class AuditRuleSet implements AutoCloseable {

    private final List<List<String>> added = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    /**
     * Loads the rules for an agent running with this pid (its own activity is excluded by pid), tier 2
     * included as in the netlink mode's {@code deep_rules: true}: the escape scenarios run privileged-like
     * containers, the case tier 2 is for.
     */
    static AuditRuleSet load(Path launcher, Path jar, long agentPid) {
        Cmd.Result printed = Cmd.run(java.time.Duration.ofMinutes(1), null, List.of("env", "KEELWATCH_JAR=" + jar,
                launcher.toString(), "audit-rules", "--tier2", "--pid=" + agentPid)).requireSuccess();
        AuditRuleSet set = new AuditRuleSet();
        set.apply(List.of(printed.out().split("\n")));
        return set;
    }

    private void apply(List<String> lines) {
        AuditRuleSet set = this;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> args = List.of(line.split("\\s+"));
            String op = args.get(0);
            if (op.equals("-b")) {
                Cmd.run("auditctl", "-b", args.get(1));
            } else if (op.equals("-a") || op.equals("-A") || op.equals("-w")) {
                List<String> cmd = new ArrayList<>(List.of("auditctl"));
                cmd.addAll(args);
                Cmd.Result r = Cmd.run(cmd.toArray(String[]::new));
                if (r.exit() == 0) {
                    set.added.add(args);
                } else if (r.err().contains("No such file or directory")) {
                    // a watch on a path this host lacks: skipped, as `-c` does for the packaged rules file
                    set.skipped.add(line);
                } else if (!r.err().contains("exists")) {
                    set.close();
                    throw new IllegalStateException("auditctl rejected `" + line + "`: " + r.err());
                }
            }
        }
        Cmd.run("auditctl", "-e", "1").requireSuccess();
    }

    /**
     * Loads a rules file as {@code auditctl -R} would with {@code -c} (a watch on a path this host lacks is
     * skipped), line by line so that exactly the added rules are removed on close.
     */
    static AuditRuleSet loadFile(Path rulesFile) throws java.io.IOException {
        AuditRuleSet set = new AuditRuleSet();
        set.apply(java.nio.file.Files.readAllLines(rulesFile));
        return set;
    }

    int size() {
        return added.size();
    }

    /** Rules the kernel refused because their path does not exist on this host. */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    @Override
    public void close() {
        Map<String, String> inverse = Map.of("-a", "-d", "-A", "-d", "-w", "-W");
        for (List<String> args : added) {
            List<String> cmd = new ArrayList<>(List.of("auditctl", inverse.get(args.get(0))));
            cmd.addAll(args.subList(1, args.size()));
            Cmd.run(cmd.toArray(String[]::new));
        }
        added.clear();
    }
}
