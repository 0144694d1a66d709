package io.keelwatch.audit;

/**
 * A line that did not parse, with its location. {@link #toString()} is {@code file:line: reason}.
 *
 * @param file   the file (or stream) name
 * @param line   1-based line number
 * @param reason why (from {@link MalformedRecordException#reason()})
 * @param column 0-based column where parsing stopped
 */
public record ParseError(String file, long line, String reason, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason + " (column " + column + ")";
    }
}
