package io.keelwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.BuildInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The habits an operator expects of every command, checked for each command the tree holds (so a command added
 * later is held to them too): help in three spellings exits 0, --version everywhere, usage errors exit 2, and the
 * man page and completion cover every command.
 */
class CliHabitsTest {

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) {
        CommandLine cl = Keelwatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every command path below the top ("run", "journal export", ...), without help itself. */
    private static List<List<String>> commandPaths(CommandLine cl, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommand() instanceof HelpCommand) {
                return;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            all.add(path);
            all.addAll(commandPaths(sub, path));
        });
        return all;
    }

    private static final List<List<String>> COMMANDS = commandPaths(Keelwatch.commandLine(), List.of());

    /** The same, and help itself: it takes --help and --version too, and refuses an unknown option. */
    private static final List<List<String>> WITH_HELP = withHelp();

    private static List<List<String>> withHelp() {
        List<List<String>> all = new ArrayList<>(COMMANDS);
        all.add(List.of("help"));
        return all;
    }

    @Test
    void helpInEverySpellingExitsZeroForEveryCommand() {
        assertTrue(COMMANDS.size() >= 11, "the tree: " + COMMANDS);
        for (List<String> path : WITH_HELP) {
            String usage = "Usage: keelwatch " + String.join(" ", path);
            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(path);
            List<String> dashHelp = new ArrayList<>(path);
            dashHelp.add("--help");
            List<String> dashH = new ArrayList<>(path);
            dashH.add("-h");
            for (List<String> args : List.of(help, dashHelp, dashH)) {
                Run r = run(args.toArray(String[]::new));
                assertEquals(0, r.exit(), args + ": " + r.err());
                assertTrue(r.out().startsWith(usage), args + " printed:\n" + r.out());
                assertTrue(r.out().contains("Exit codes:"), args + " documents no exit codes");
            }
        }
        Run top = run("help");
        assertEquals(0, top.exit());
        assertTrue(top.out().startsWith("Usage: keelwatch [-hV] [COMMAND]"), top.out());
    }

    @Test
    void versionEverywhere() {
        for (List<String> path : WITH_HELP) {
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), args + ": " + r.err());
            assertEquals("keelwatch " + BuildInfo.version(), r.out().strip(), args.toString());
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(Keelwatch.USAGE, run().exit(), "bare keelwatch");
        assertEquals(Keelwatch.USAGE, run("no-such-command").exit());
        assertEquals(Keelwatch.USAGE, run("help", "no-such-command").exit());
        assertEquals(Keelwatch.USAGE, run("help", "journal", "no-such").exit());
        assertEquals(Keelwatch.USAGE, run("help", "run", "--no-such-option").exit());
        for (List<String> path : WITH_HELP) {
            List<String> args = new ArrayList<>(path);
            args.add("--no-such-option");
            Run r = run(args.toArray(String[]::new));
            assertEquals(Keelwatch.USAGE, r.exit(), args.toString());
            assertTrue(r.err().contains("--no-such-option") || r.err().contains("Usage: keelwatch " + String.join(" ", path)),
                    args + ": " + r.err());
        }
    }

    @Test
    void theManPageAndTheCompletionCoverEveryCommand(@TempDir Path out) throws Exception {
        CliDocs.main(new String[] {out.toString()});
        String man = Files.readString(out.resolve("keelwatch.1"));
        String bash = Files.readString(out.resolve("keelwatch.bash"));
        String zsh = Files.readString(out.resolve("_keelwatch"));
        assertTrue(man.startsWith(".\\\""));
        assertTrue(man.contains(".TH KEELWATCH 1 \"\" \"keelwatch " + CliDocs.roff(BuildInfo.version()) + "\""));
        assertTrue(man.contains(".SH EXIT STATUS"));
        for (List<String> path : COMMANDS) {
            assertTrue(man.contains(".SS keelwatch " + CliDocs.roff(String.join(" ", path)) + "\n"),
                    "man page lacks " + path);
            assertTrue(bash.contains("${COMP_WORDS[0]} " + String.join(" ", path) + "\""), "completion lacks " + path);
        }
        assertTrue(man.contains("\\-\\-audit\\-source"), "options are listed, escaped for roff");
        assertTrue(zsh.startsWith("#compdef keelwatch\n"));
        assertTrue(zsh.contains("_bash_complete -F _complete_keelwatch"));
    }

    @Test
    void bashCompletesCommandsSubcommandsAndOptions(@TempDir Path out) throws Exception {
        CliDocs.main(new String[] {out.toString()});
        String script = """
                source "$1"
                t() { COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$COMP_LINE"
                      [ "${COMP_LINE: -1}" = " " ] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]}-1))
                      COMPREPLY=(); _complete_keelwatch 2>/dev/null; echo "${COMPREPLY[*]}"; }
                t "keelwatch ru"; t "keelwatch journal "; t "keelwatch run --audit-s"
                """;
        Process p = new ProcessBuilder("bash", "-c", script, "bash", out.resolve("keelwatch.bash").toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.waitFor());
        assertEquals(List.of("run rules", "ls export", "--audit-source"), lines);
    }
}
