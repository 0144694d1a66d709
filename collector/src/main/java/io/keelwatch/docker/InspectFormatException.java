package io.keelwatch.docker;

/** An inspect document that does not have the expected shape; {@link #field()} says where. */
public final class InspectFormatException extends RuntimeException {
    private final String field;

    public InspectFormatException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
