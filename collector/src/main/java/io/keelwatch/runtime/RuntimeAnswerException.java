package io.keelwatch.runtime;

/** A runtime's answer (as journaled) is not the document its reader expects; names the runtime and the part. */
public final class RuntimeAnswerException extends RuntimeException {
    private final String runtime;
    private final String part;

    public RuntimeAnswerException(String runtime, String part, String reason) {
        super(runtime + " answer, " + part + ": " + reason);
        this.runtime = runtime;
        this.part = part;
    }

    public String runtime() {
        return runtime;
    }

    public String part() {
        return part;
    }
}
