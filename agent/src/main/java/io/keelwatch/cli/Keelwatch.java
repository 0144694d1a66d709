package io.keelwatch.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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

    /** Exit codes, the same for every command (documented in each command's help and in the man page). */
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    static final Map<String, String> EXIT_CODES = exitCodes();

    @CommandLine.Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run subcommands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Keelwatch()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.addSubcommand("help", new HelpCommand());
        standardHabits(cl);
        return cl;
    }

    /**
     * What every command, present and future, gets without declaring it: {@code -h/--help} and {@code -V/--version}
     * (exit 0), the exit code list in its help, and usage errors exiting 2.
     */
    private static void standardHabits(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(true);
        }
        spec.versionProvider(new VersionCommand.Provider());
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        spec.exitCodeOnInvalidInput(USAGE);
        for (CommandLine sub : cl.getSubcommands().values()) {
            standardHabits(sub);
        }
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "done; nothing to report");
        m.put(Integer.toString(FINDINGS), "findings (rule errors, alerts where the command reports them) or a failure"
                + " while running");
        m.put(Integer.toString(USAGE), "usage: unknown option or command, bad value, config that does not load");
        return m;
    }

    /** Bare {@code keelwatch}: the usage, on stderr, as a usage error. */
    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command (keelwatch help lists them)");
    }
}
