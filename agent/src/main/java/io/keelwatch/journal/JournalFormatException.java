package io.keelwatch.journal;

/** An excerpt the journal cannot decode; {@link #where()} names it (directory and index). */
public final class JournalFormatException extends Exception {

    private final String where;

    public JournalFormatException(String where, String message) {
        super(where + ": " + message);
        this.where = where;
    }

    public JournalFormatException(String where, String message, Throwable cause) {
        super(where + ": " + message, cause);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
