package io.keelwatch.audit.source;

/** A rule line auditctl syntax cannot express or this parser does not support; carries the line. */
public final class AuditRuleSyntaxException extends Exception {
    private final String line;
    private final String reason;

    public AuditRuleSyntaxException(String line, String reason) {
        super(reason + ": " + line);
        this.line = line;
        this.reason = reason;
    }

    public String line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
