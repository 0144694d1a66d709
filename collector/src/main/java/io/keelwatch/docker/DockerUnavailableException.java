package io.keelwatch.docker;

/** The Docker daemon could not be reached or refused a request; the message names the request. */
public final class DockerUnavailableException extends RuntimeException {
    public DockerUnavailableException(String message) {
        super(message);
    }

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
