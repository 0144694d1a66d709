package io.keelwatch.rules.fields;

/** What a rule is evaluated over. */
public enum Source {
    /** Audit syscall events ({@code source: syscall}, Falco's default). */
    SYSCALL,
    /** The periodic container inventory ({@code source: inventory}). */
    INVENTORY
}
