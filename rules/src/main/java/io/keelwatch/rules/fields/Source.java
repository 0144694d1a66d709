package io.keelwatch.rules.fields;

/** What a rule is evaluated over. */
public enum Source {
    /** Audit syscall events ({@code source: syscall}, Falco's default). */
    SYSCALL,
    /** The periodic container inventory ({@code source: inventory}): what becomes true with time alone. */
    INVENTORY,
    /**
     * A container's lifecycle events ({@code source: container}): created, started, found running,
     * updated, exec'd into, died, its image moved (Falco's {@code container} event).
     */
    CONTAINER
}
