package io.keelwatch.rules.fields;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A field the engine can read: its name, whether it takes an {@code [argument]}, which sources
 * provide it, how to bind it to an extractor, what it means, and what the compiler and the audit-rule
 * analysis need to know of it ({@link Traits}), so that none of them tests field names.
 */
public record FieldDef(String name, Arg arg, Set<Source> sources, Binder binder, String description, Traits traits) {

    public FieldDef {
        Objects.requireNonNull(traits, "traits");
    }

    public Kind kind() {
        return traits.kind();
    }

    public Set<AuditHint> hints() {
        return traits.hints();
    }

    /** What a field's value is, where more than its {@link FieldType} matters. */
    public enum Kind {
        /** Nothing beyond its type. */
        VALUE,
        /**
         * The path of the file the call acts on: a literal path a rule compares it with (under no
         * negation) is a path the audit rules must watch.
         */
        PATH,
        /** The directory of that file: as {@link #PATH}, and a literal names a directory to watch whole. */
        DIRECTORY
    }

    /** What the kernel audit rules must record for a rule reading the field to see what it looks for. */
    public enum AuditHint {
        /** Failed calls (the field reads the outcome): file rules then need the EROFS rule. */
        FAILED_CALLS,
        /** The parent pid: kernel usermode helpers are children of kthreadd (ppid 2). */
        PARENT_PID,
        /** Block devices: opens and mounts of a block device, whatever the path. */
        BLOCK_DEVICE,
        /** The inet peer of a socket: connects of inet families, whatever their outcome. */
        INET_CONNECT,
        /** Opens for reading: path watches with read permission. */
        READ_INTENT,
        /** Opens for writing: path watches with write and attribute permission. */
        WRITE_INTENT
    }

    /** A field's kind and audit hints, given where it is registered. */
    public record Traits(Kind kind, Set<AuditHint> hints) {
        public static final Traits NONE = new Traits(Kind.VALUE, Set.of());
        public static final Traits PATH = new Traits(Kind.PATH, Set.of());
        public static final Traits DIRECTORY = new Traits(Kind.DIRECTORY, Set.of());

        public Traits {
            Objects.requireNonNull(kind, "kind");
            hints = hints.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(hints));
        }

        public static Traits hint(AuditHint h) {
            return new Traits(Kind.VALUE, Set.of(h));
        }
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
