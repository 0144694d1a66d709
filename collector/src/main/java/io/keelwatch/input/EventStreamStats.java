package io.keelwatch.input;

/**
 * What a runtime's event stream (Docker's, containerd's, CRI's) did, as a snapshot any thread may take.
 *
 * @param connected  whether the stream is open now
 * @param connects   successful (re)connections; more than one means the stream broke and was reopened
 * @param failures   times the stream could not be opened or broke
 * @param delivered  events handed to the sink
 * @param duplicates replayed events dropped after a reconnect because they had been delivered
 * @param malformed  messages that could not be read (dropped)
 */
public record EventStreamStats(boolean connected, long connects, long failures, long delivered, long duplicates,
                               long malformed) {
    /** A stream not started yet. */
    public static final EventStreamStats NONE = new EventStreamStats(false, 0, 0, 0, 0, 0);
}
