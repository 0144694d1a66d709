package io.keelwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keelwatch} command: one subcommand per job, each in its own class. */
@Command(name = "keelwatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Runtime anomaly detection for container hosts.",
        subcommands = {
                RunCommand.class,
                ReplayCommand.class,
                ParseCommand.class,
                RulesCommand.class,
                AuditRulesCommand.class,
                JournalCommand.class,
                VersionCommand.class,
        })
public final class Keelwatch implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run subcommands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Keelwatch()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
