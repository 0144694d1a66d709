package io.keelwatch.runtime;

/** A runtime's API could not be reached or failed a call; the message names the socket and the call. */
public final class RuntimeUnavailableException extends RuntimeException {
    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
