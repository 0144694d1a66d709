package io.keelwatch.rules.engine;

import io.keelwatch.rules.lang.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one load: the rules ready to run, the status of every rule defined, and every
 * diagnostic. Immutable; an engine is built from it ({@link RuleEngine#RuleEngine(RuleSet)}).
 */
public final class RuleSet {
    private final List<CompiledRule> rules;
    private final List<RuleStatus> statuses;
    private final List<Diagnostic> diagnostics;
    private final List<String> files;

    RuleSet(List<CompiledRule> rules, List<RuleStatus> statuses, List<Diagnostic> diagnostics, List<String> files) {
        this.rules = List.copyOf(rules);
        this.statuses = List.copyOf(statuses);
        this.diagnostics = List.copyOf(diagnostics);
        this.files = List.copyOf(files);
    }

    /** Enabled rules that compiled, in load order. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /** Every rule defined, with its state, in definition order. */
    public List<RuleStatus> statuses() {
        return statuses;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                out.add(d);
            }
        }
        return out;
    }

    public List<Diagnostic> warnings() {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (!d.isError()) {
                out.add(d);
            }
        }
        return out;
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }

    /** The files read, in order. */
    public List<String> files() {
        return files;
    }

    public long count(RuleStatus.State state) {
        return statuses.stream().filter(s -> s.state() == state).count();
    }
}
