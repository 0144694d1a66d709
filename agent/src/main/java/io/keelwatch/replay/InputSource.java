package io.keelwatch.replay;

import io.keelwatch.input.HostInput;
import java.io.IOException;

/** A stream of host inputs in the order the pipeline consumes them. */
public interface InputSource extends AutoCloseable {

    /** The next input, or null at the end. */
    HostInput next() throws IOException;

    /**
     * From now on the calling thread reads this source (a reader ahead of the core takes it over).
     * Sources bound to the thread that first used them re-bind; the others need nothing.
     */
    default void moveToCurrentThread() {
    }

    /**
     * The share of the source read so far, 0 to 1 (for progress lines), or -1 when the source cannot tell. It may be
     * called from another thread than the reading one.
     */
    default double shareRead() {
        return -1;
    }

    /** Where the inputs come from, for messages. */
    String describe();

    @Override
    void close() throws IOException;
}
