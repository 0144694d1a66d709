package io.keelwatch.rules.lang;

/**
 * One problem found while loading rules. Errors make a file invalid ({@code rules check} fails);
 * warnings explain a skipped rule or an unrendered output field and never fail the load.
 *
 * @param location where it is
 * @param severity error or warning
 * @param rule     the rule, macro or list concerned, or {@code null} when file-level
 * @param message  what is wrong, for a human
 */
public record Diagnostic(Location location, Severity severity, String rule, String message, WarningCode code) {

    public Diagnostic(Location location, Severity severity, String rule, String message) {
        this(location, severity, rule, message, null);
    }

    /** A warning with Falco's code for it. */
    public static Diagnostic warning(WarningCode code, Location at, String rule, String message) {
        return new Diagnostic(at, Severity.WARNING, rule, message, code);
    }

    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(Location at, String rule, String message) {
        return new Diagnostic(at, Severity.ERROR, rule, message);
    }

    public static Diagnostic warning(Location at, String rule, String message) {
        return new Diagnostic(at, Severity.WARNING, rule, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: message}, the form {@code rules check} prints. */
    @Override
    public String toString() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
