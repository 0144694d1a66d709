package io.keelwatch.audit;

/** A line or payload that is not an audit record; carries why and the 0-based column where parsing stopped. */
public final class MalformedRecordException extends Exception {
    private final String reason;
    private final int column;

    public MalformedRecordException(String reason, int column) {
        super(reason + " at column " + column, null, false, false);
        this.reason = reason;
        this.column = column;
    }

    public String reason() { return reason; }

    public int column() { return column; }
}
