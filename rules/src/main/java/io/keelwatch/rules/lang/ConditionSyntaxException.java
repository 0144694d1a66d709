package io.keelwatch.rules.lang;

/** A condition that does not parse; {@code location} points at the offending token. */
public final class ConditionSyntaxException extends Exception {
    private final transient Location location;

    public ConditionSyntaxException(Location location, String message) {
        super(message);
        this.location = location;
    }

    public Location location() {
        return location;
    }
}
