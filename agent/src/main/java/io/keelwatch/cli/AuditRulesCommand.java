package io.keelwatch.cli;

import io.keelwatch.rules.audit.AuditRuleSet;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.lang.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keelwatch audit-rules}: the auditctl rules the loaded rules need. The agent's own process is
 * excluded first; without {@code --pid} the line carries {@value AuditRuleSet#PID_PLACEHOLDER},
 * which the agent replaces with its pid when it loads the rules at start.
 */
@Command(name = "audit-rules", description = "Print the audit rules (auditctl syntax) the loaded rules need.")
public final class AuditRulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesCommand.SourcesMixin sources;

    @Option(names = "--pid", description = "The agent's pid, excluded from auditing (default: the placeholder "
            + AuditRuleSet.PID_PLACEHOLDER + ").")
    Long pid;

    @Option(names = "--no-agent-exclusion", description = "Leave out the agent's pid exclusion (for a static "
            + "rules.d file; the agent prepends it with -A at start).")
    boolean noAgentExclusion;

    @Option(names = "--all-dirs", description = "Emit dir= watches without checking that the directories exist here "
            + "(host-independent output, e.g. for packaging).")
    boolean allDirs;

    @Option(names = "--tier2", description = "Also emit the costly write-open rules for procfs/cgroupfs knobs.")
    boolean tier2;

    @Override
    public Integer call() {
        RuleSet set = sources.load();
        PrintWriter err = spec.commandLine().getErr();
        if (set.hasErrors()) {
            for (Diagnostic d : set.errors()) {
                err.println(d);
            }
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String line : AuditRuleSet.render(set, new AuditRuleSet.Options(pid, tier2,
                d -> allDirs || Files.isDirectory(Path.of(d)), !noAgentExclusion))) {
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
