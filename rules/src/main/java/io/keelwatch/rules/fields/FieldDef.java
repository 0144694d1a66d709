package io.keelwatch.rules.fields;

import java.util.Set;

/**
 * A field the engine can read: its name, whether it takes an {@code [argument]}, which sources
 * provide it, and how to bind it to an extractor.
 */
public record FieldDef(String name, Arg arg, Set<Source> sources, Binder binder, String description) {

    public FieldDef(String name, Arg arg, Set<Source> sources, Binder binder) {
        this(name, arg, sources, binder, "");
    }

    /** The field's type as a listing shows it: bound without argument, or with a sample one. */
    public String typeName() {
        for (String sample : new String[] {null, "0", "1", "x", "/"}) {
            try {
                return bind(sample).type().name().toLowerCase(java.util.Locale.ROOT);
            } catch (RuntimeException e) {
                // try the next sample: the argument decides
            }
        }
        return "depends on argument";
    }

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
