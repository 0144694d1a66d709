package io.keelwatch.agent.pipeline;

/** A live producer of inputs (audit file tailer, netlink socket, Docker events) feeding the queue. */
public interface InputSource extends AutoCloseable {

    /** A short name for logs and metrics ({@code audit-file}, {@code netlink}, {@code docker}). */
    String name();

    /** Starts producing into the queue on the source's own thread(s). */
    void start(InputQueue queue) throws Exception;

    /** Stops producing. The core may still be draining what the source gave it. */
    @Override
    void close();

    /** At shutdown, after {@link #close}: the core has consumed and finished all this source gave it. */
    default void coreFinished() {
    }
}
