package io.keelwatch.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code keelwatch help [COMMAND [SUBCOMMAND...]]}: the help of any command, nested ones included
 * ({@code keelwatch help journal export}), on stdout, exit 0. picocli's own help command looks one level down only.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the help of keelwatch or of a command (e.g. keelwatch help journal export).")
public final class HelpCommand implements Runnable {

    @CommandLine.Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command (and subcommands) to describe")
    List<String> path = new ArrayList<>();

    @Override
    public void run() {
        // picocli does not fail a help command on an unknown option (help is "requested"), so it is checked here:
        // `keelwatch help --bogus` is a usage error like any other
        List<String> unmatched = spec.commandLine().getParseResult().unmatched();
        if (!unmatched.isEmpty()) {
            throw new CommandLine.UnmatchedArgumentException(spec.commandLine(), unmatched);
        }
        CommandLine target = spec.parent().commandLine();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(target, "unknown command '" + name + "' under '"
                        + target.getCommandSpec().qualifiedName() + "'");
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
    }
}
