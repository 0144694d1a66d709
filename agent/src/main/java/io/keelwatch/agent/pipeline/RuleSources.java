package io.keelwatch.agent.pipeline;

import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.lang.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which rule files load, in which order, as one {@link RulesBundle}: the shipped pack (unless turned off), then the
 * local rules directory ({@code /etc/keelwatch/rules.d/*.yaml}, by name, when it exists), then the given paths.
 * Later files override earlier ones, so a one-rule file may use the pack's macros and lists, and may replace a rule
 * of the pack by defining one with its name.
 */
public final class RuleSources {
    /** Where the package puts local rules; read when present. */
    public static final Path DEFAULT_LOCAL_DIR = Path.of("/etc/keelwatch/rules.d");

    private RuleSources() {
    }

    /**
     * @param defaultPack whether the shipped pack comes first
     * @param localDir    the local rules directory, or {@code null}; a missing directory adds nothing
     * @param paths       further rule files or directories, each required to exist
     * @throws IOException naming every path that could not be listed or read
     */
    public static String bundle(boolean defaultPack, Path localDir, List<Path> paths) throws IOException {
        List<RuleLoader.RuleText> texts = new ArrayList<>();
        if (defaultPack) {
            texts.addAll(RuleLoader.defaultPack());
        }
        List<Path> files = new ArrayList<>();
        if (localDir != null && Files.isDirectory(localDir)) {
            files.add(localDir);
        }
        files.addAll(paths);
        List<Diagnostic> problems = new ArrayList<>();
        for (Path f : RuleLoader.expand(files, problems)) {
            texts.add(new RuleLoader.RuleText(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        if (texts.isEmpty()) {
            throw new IOException("no rules: the shipped pack is turned off and no rule file was given");
        }
        return RulesBundle.encode(texts);
    }
}
