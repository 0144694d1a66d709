package io.keelwatch.agent.config;

import java.util.List;

/** A configuration that cannot be used; each problem names where it is ({@code file:line:col} or the flag). */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with its location. */
    public List<String> problems() {
        return problems;
    }
}
