package io.keelwatch.rules.fields;

import java.util.Set;

/**
 * A field the engine can read: its name, whether it takes an {@code [argument]}, which sources
 * provide it, and how to bind it to an extractor.
 */
public record FieldDef(String name, Arg arg, Set<Source> sources, Binder binder) {

    public enum Arg { NONE, OPTIONAL, REQUIRED }

    /** A bound field: its type for this argument and the extractor. */
    public record Bound(FieldType type, Extractor extractor) { }

    @FunctionalInterface
    public interface Binder {
        /** Binds for an argument ({@code null} when none); throws {@link IllegalArgumentException} on a bad one. */
        Bound bind(String arg);
    }

    public Bound bind(String argument) {
        if (argument == null && arg == Arg.REQUIRED) {
            throw new IllegalArgumentException("field '" + name + "' needs an argument, e.g. " + name + "[1]");
        }
        if (argument != null && arg == Arg.NONE) {
            throw new IllegalArgumentException("field '" + name + "' takes no argument");
        }
        return binder.bind(argument);
    }
}
