package io.keelwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import io.keelwatch.rules.lang.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keelwatch rules check|list}: validate rule files and show what became of each rule. */
@Command(name = "rules", description = "Check and list rule files.",
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class, RulesFieldsCommand.class})
public final class RulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "check", description = "Validate rule files; prints file:line:col: message per error, exits 1 on any.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SourcesMixin sources;

        @Option(names = {"-q", "--quiet"}, description = "Do not print warnings.")
        boolean quiet;

        @Override
        public Integer call() {
            RuleSet set = sources.load();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (Diagnostic d : set.diagnostics()) {
                if (d.isError()) {
                    out.println(d);
                } else if (!quiet) {
                    err.println(d);
                }
            }
            err.printf("%d rules: %d loaded, %d disabled, %d skipped; %d errors, %d warnings%n", set.statuses().size(),
                    set.count(RuleStatus.State.LOADED), set.count(RuleStatus.State.DISABLED), set.count(RuleStatus.State.SKIPPED),
                    set.errors().size(), set.warnings().size());
            out.flush();
            err.flush();
            return set.hasErrors() ? 1 : 0;
        }
    }

    @Command(name = "list", description = "Show each rule with its category and status (loaded, disabled, skipped + reason).")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SourcesMixin sources;

        @Option(names = "--json", description = "One JSON object per line: {rule, file, status, category, reason}.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            RuleSet set = sources.load();
            PrintWriter out = spec.commandLine().getOut();
            if (set.hasErrors()) {
                // a file that does not read (not YAML, not a rule list) is an error, not an empty listing
                PrintWriter err = spec.commandLine().getErr();
                set.errors().forEach(err::println);
                err.flush();
                return 1;
            }
            if (json) {
                ObjectMapper om = new ObjectMapper();
                for (RuleStatus s : set.statuses()) {
                    ObjectNode o = om.createObjectNode();
                    o.put("rule", s.rule());
                    o.put("file", s.file());
                    o.put("status", s.state().id());
                    o.put("category", s.category().id());
                    o.put("reason", s.reason());
                    out.println(om.writeValueAsString(o));
                }
            } else {
                out.printf("%-8s  %-17s  %-60s  %s%n", "STATUS", "CATEGORY", "RULE", "WHERE / REASON");
                for (RuleStatus s : set.statuses()) {
                    out.printf("%-8s  %-17s  %-60s  %s%s%n", s.state().id(), s.category().id(), s.rule(), s.location(),
                            s.reason().isEmpty() ? "" : "  " + s.reason());
                }
            }
            out.flush();
            return 0;
        }
    }

    /** Picocli mixin carrying {@link Sources}. */
    public static final class SourcesMixin {
        @Parameters(paramLabel = "PATH", description = "Rule files or directories, applied in order (default: the embedded pack).")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--with-defaults", description = "Load the embedded pack first, then PATHs over it.")
        boolean withDefaults;

        RuleSet load() {
            if (paths.isEmpty()) {
                return RuleLoader.loadDefaultPack();
            }
            return withDefaults ? RuleLoader.loadWithDefaults(paths) : RuleLoader.load(paths);
        }
    }
}
